// bin/fdoc forks 'lib/relative.js', a path relative to the working directory: no
// evidence that this file is what runs, so it is not a process entry.
const fs = require('fs');

const tasks = {
  async sweep() {
    return fs.readdirSync('/tmp/fdoc');
    //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  },
};

tasks[process.argv[2]]();
