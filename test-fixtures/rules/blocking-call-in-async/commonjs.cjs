// CommonJS with destructured require and an alias.
const { readFileSync: slurp, existsSync } = require('node:fs');
const cp = require('child_process');

async function deploy(dir) {
  // Without hot-path evidence the file-system calls are quiet; a child process is reported.
  if (existsSync(dir)) {
    cp.execFileSync('make', ['-C', dir]);
//  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  }
  return slurp(dir + '/VERSION', 'utf8');
}

// A start-up script reading its config synchronously is fine.
const version = slurp(__dirname + '/package.json', 'utf8');

module.exports = { deploy, version };
