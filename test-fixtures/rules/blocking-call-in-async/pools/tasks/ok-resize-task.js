// Named per task (spawn.ts: pool.run(path, { filename })): runs on the pool's threads.
const fs = require('node:fs');

module.exports = async function resize(path) {
  return fs.statSync(path).size;
};
