// Async functions invoked where they are written: only the top level is start-up.
import * as fs from 'node:fs';
import { createServer } from 'node:http';

// Inside another function it runs each time that function does.
export function refreshLater(path: string): void {
  void (async () => {
    fs.readFileSync(path);
  //^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  })();
}

// At the top level it runs once, when the module loads.
void (async () => {
  fs.readFileSync('/etc/app.json');
})();

// Hot-path evidence: a file-system call is reported when a request handler reaches it.
export const server = createServer((req, res) => {
  refreshLater(String(req.url));
  res.end();
});
