// A server made of parts, each with its own run() that calls listen() on the server it
// keeps in `this` (assigned http.createServer(…), maybe not at all: `this.web?.listen()`).
// The app's run() starts them: what it does besides, per stale record or in a child
// process, is start-up work, once per start.
const fs = require('fs');
const http = require('http');
const { execFileSync } = require('child_process');

class WebPart {
  constructor(enabled) {
    if (enabled) this.web = http.createServer((req, res) => res.end('ok'));
  }
  run() {
    this.web?.listen(8080);
  }
}

class App {
  constructor() {
    this.part = new WebPart(true);
  }
  async run(stale) {
    this.part.run();
    execFileSync('id', ['-u']);
    for (const path of stale) fs.statSync(path);
  }
}

module.exports = App;
