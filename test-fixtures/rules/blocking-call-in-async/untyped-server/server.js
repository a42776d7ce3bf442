// The server the middleware is handed to: an untyped package's createServer with an
// option object holding the handler list (see middleware.js).
const routes = require('connect-like-router');
const createStatic = require('./middleware');

exports.start = function start(options) {
  const before = [];
  before.push(function logRequest(req, res) {
    res.setHeader('X-Served-By', 'fixture');
    res.emit('next', req.url);
  });
  before.push(createStatic(options.root));
  const serverOptions = { before: before };
  return routes.createServer(serverOptions);
};
