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
