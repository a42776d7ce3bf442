// The same in JavaScript: the server is known from where it comes from
// (net.createServer), and its 'close' listener runs once, when it stops.
const fs = require('fs');
const net = require('net');

function askpassServer(listenPath) {
  return new Promise(function (resolve, reject) {
    var server = net.createServer(function (connection) {
      connection.end('ok');
    });
    server.listen(listenPath, function () {
      resolve({ path: listenPath, close: function () { server.close(); } });
    });
    server.on('close', function () {
      fs.unlinkSync(listenPath);
    });
    server.on('error', reject);
  });
}

module.exports = async function withAskpass(run) {
  const server = await askpassServer('/tmp/askpass.sock');
  try {
    return await run(server.path);
  } finally {
    server.close();
  }
};

// A server framework's app.listen() starts the http server: the schema file read on
// the way is read once per start.
const express = require('express');

module.exports.startApp = async function startApp(options) {
  const app = express();
  app.use(options.mountPath, (req, res) => res.end('ok'));
  const schema = fs.readFileSync(options.schemaFile, 'utf8');
  await new Promise((resolve) => {
    app.listen(options.port, resolve);
  });
  return schema;
};
