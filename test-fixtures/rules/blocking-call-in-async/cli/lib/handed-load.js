// Required by the command's start-up, which hands the function on (`{ reload: handed }`):
// whoever gets it may call it at any time.
const { execFileSync } = require('child_process');

module.exports = function (path) {
  return new Promise((resolve) => {
    resolve(execFileSync('cat', [path], { encoding: 'utf8' }));
    //      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  });
};
