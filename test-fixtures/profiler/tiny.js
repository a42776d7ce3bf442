// A task far shorter than a round trip to a worker.
function add(a, b) {
  return a + b;
}
module.exports = { add };
