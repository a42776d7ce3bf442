// A connect-like app, untyped: the (req, res) middleware it `use`s runs per request once
// the app is handed to http.createServer as its listener, or calls its own listen().
// Flagged, in both. What the start-up code reads before that is left alone.
const fs = require('fs');
const http = require('http');
const connect = require('connect-like-app');

const banner = fs.readFileSync('/srv/banner.txt', 'utf8');

const app = connect();
app.use(function sendPage(req, res) {
  res.writeHead(200, { 'Content-Type': 'text/html' });
  res.end(banner + fs.readFileSync(`/srv/pages${req.url}`));
  //               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
});
http.createServer(app);

const admin = connect();
admin.use((req, res) => {
  res.statusCode = fs.existsSync(`/srv/admin${req.url}`) ? 200 : 404;
  //               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  res.end();
});
admin.listen(8081);
