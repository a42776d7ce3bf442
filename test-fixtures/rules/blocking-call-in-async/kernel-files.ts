// Paths that only look like the kernel's pseudo-files, or that the code does not show:
// real disk reads in a request handler, flagged.
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

let dataDir = '/proc';
dataDir = '/srv/data';

http.createServer((req, res) => {
  const name = String(req.url);
  res.write(readFileSync('/processes/' + name, 'utf8'));
  //        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  res.write(readFileSync(path.join(dataDir, name), 'utf8'));
  //        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ (related)
  res.end(readFileSync(`${process.env.ROOT}/proc/${name}`, 'utf8'));
  //      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ (related)
}).listen(8080);
