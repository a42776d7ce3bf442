// The same package's library code is not a `bin` target: it may serve requests.
const fs = require('fs');

async function render(name) {
  return fs.readFileSync(`/srv/${name}.html`, 'utf8');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

module.exports = { render };
