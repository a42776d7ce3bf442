// @ts-check
const { readFileSync } = require('fs');
const http = require('http');

async function load(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
  //                ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

module.exports = { load };

// Hot-path evidence: a file-system call is reported when a request handler reaches it.
http.createServer(async (req, res) => res.end(JSON.stringify(await load(String(req.url)))));
