// The same package's library code is not a `bin` target: it may serve requests. (A child
// process is reported without hot-path evidence; a file-system call would need some.)
const { execFileSync } = require('child_process');

async function render(name) {
  return execFileSync('cat', [`/srv/${name}.html`], { encoding: 'utf8' });
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

module.exports = { render };
