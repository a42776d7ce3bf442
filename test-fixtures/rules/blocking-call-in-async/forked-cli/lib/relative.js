// bin/fdoc forks 'lib/relative.js', a path relative to the working directory: no
// evidence that this file is what runs, so it is not a process entry. (The package's
// `sweep` script runs it with node, which makes it part of the package's runtime.)
const { execFileSync } = require('child_process');

const tasks = {
  async sweep() {
    return execFileSync('ls', ['/tmp/fdoc'], { encoding: 'utf8' });
    //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  },
};

tasks[process.argv[2]]();
