// Called at the command's start-up, but also by lib/pages.js, whose exported page()
// anything may await per request: not start-up only.
const fs = require('fs');

module.exports = function (path) {
  return new Promise((resolve) => {
    resolve(fs.readFileSync(path, 'utf8'));
    //      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  });
};
