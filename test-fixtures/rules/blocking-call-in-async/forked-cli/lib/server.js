// The same package's server: render runs per request.
const http = require('http');
const { render } = require('./index');

http.createServer((req, res) => {
  render(req.url).then((text) => res.end(text));
}).listen(8080, '127.0.0.1');
