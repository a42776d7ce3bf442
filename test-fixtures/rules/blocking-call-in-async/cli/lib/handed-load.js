// Required by the command's start-up, which hands the function on (`{ reload: handed }`):
// whoever gets it may call it at any time.
const fs = require('fs');

module.exports = function (path) {
  return new Promise((resolve) => {
    resolve(fs.readFileSync(path, 'utf8'));
    //      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  });
};
