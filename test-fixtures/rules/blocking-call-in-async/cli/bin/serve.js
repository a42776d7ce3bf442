#!/usr/bin/env node
// Also a `bin` target, but it starts a server: its callbacks run per request.
const fs = require('fs');
const http = require('http');

async function page(name) {
  return fs.readFileSync(`/srv/${name}.html`, 'utf8');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

http.createServer((req, res) => {
  page(req.url).then((text) => res.end(text));
}).listen(8080, '127.0.0.1');
