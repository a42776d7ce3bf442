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
