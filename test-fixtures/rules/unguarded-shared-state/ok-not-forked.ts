// The same in-process cache, in a program that does not fork: nothing to report.
import http from 'node:http';

const sessions = new Map<string, string>();
let requestCount = 0;

http.createServer((req, res) => {
  requestCount++;
  sessions.set(req.url ?? '', 'x');
  res.end(String(requestCount));
}).listen(8080);
