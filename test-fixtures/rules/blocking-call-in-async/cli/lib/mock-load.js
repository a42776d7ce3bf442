// Called only from the command's start-up (lib/mock-server.js's start): once, before it serves.
const fs = require('fs');

module.exports = function (source) {
  return new Promise((resolve) => {
    if (!fs.existsSync(source)) fs.writeFileSync(source, '{}');
    resolve(JSON.parse(fs.readFileSync(source, 'utf8')));
  });
};
