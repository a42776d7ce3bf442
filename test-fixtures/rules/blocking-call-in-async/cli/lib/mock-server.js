// The command's start-up (the exported function, called only from lib/mock-cli.js):
// loading the files it serves from happens once. The server it starts is the hot
// path all the same: its request handler reads per request, and is flagged.
const fs = require('fs');
const http = require('http');
const load = require('./mock-load');
const readShared = require('./shared-load');
const handed = require('./handed-load');

module.exports = function (argv) {
  let routes = {};
  function start() {
    return load(argv.db).then((db) => {
      if (argv.routes) routes = JSON.parse(fs.readFileSync(argv.routes, 'utf8'));
      http.createServer((req, res) => {
        const page = fs.readFileSync(`/srv/${req.url}.html`, 'utf8');
        //           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        res.end(page + JSON.stringify(db[routes[req.url] || req.url]));
      }).listen(3000);
    });
  }
  readShared(argv.db);
  start();
  return { reload: handed };
};
