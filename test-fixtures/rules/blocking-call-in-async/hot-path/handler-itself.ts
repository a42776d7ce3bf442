// The hot-path evidence is the entry point itself: the request handler the message
// already names. The detail says so once.
import * as http from 'node:http';
import { readFileSync } from 'node:fs';

export function serve(port: number): http.Server {
  return http.createServer((req, res) => {
    res.end(readFileSync('/srv/index.html', 'utf8'));
    //      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  }).listen(port);
}

// An async handler is named by what it is handed to, as the message does.
export function serveAsync(port: number): http.Server {
  return http.createServer(async (req, res) => {
    res.end(readFileSync('/srv/about.html', 'utf8'));
    //      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  }).listen(port);
}
