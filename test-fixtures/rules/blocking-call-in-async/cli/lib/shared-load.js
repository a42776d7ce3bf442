// Called at the command's start-up, but also by lib/pages.js, whose exported page()
// anything may await per request: not start-up only.
const { execFileSync } = require('child_process');

module.exports = function (path) {
  return new Promise((resolve) => {
    resolve(execFileSync('cat', [path], { encoding: 'utf8' }));
    //      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  });
};
