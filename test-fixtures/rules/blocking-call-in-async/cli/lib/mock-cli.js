// Required only by bin/mock.js, which calls its exported function once: start-up.
const start = require('./mock-server');

module.exports = function () {
  start({ db: process.argv[2] || 'db.json', routes: process.argv[3] });
};
