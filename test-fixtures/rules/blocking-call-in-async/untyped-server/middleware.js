// Middleware of a connect-like server the checker has no types for: the function the
// factory returns takes Node's request and response pair (it reads req.url and writes
// res.setHeader/res.end) and reaches `routes.createServer({ before })` in server.js
// through the list it is pushed to. It runs once per request, and so does what it
// reaches through the fs.stat callback. Flagged. The factory itself runs once per
// server: its own read of the index is start-up work, left alone.
const fs = require('fs');
const path = require('path');

module.exports = function createStatic(root) {
  const index = fs.readFileSync(path.join(root, 'index.json'), 'utf8');

  return function serveStatic(req, res, next) {
    const file = path.join(root, req.url);

    function send(stat) {
      const bytes = fs.readFileSync(file);
      //            ^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
      res.setHeader('Content-Length', String(stat.size));
      res.end(bytes);
    }

    fs.stat(file, (err, stat) => {
      if (err) return next();
      if (!stat.isFile()) return res.end(index);
      send(stat);
    });
  };
};
