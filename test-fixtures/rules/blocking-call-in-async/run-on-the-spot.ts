// Async functions invoked where they are written: only the top level is start-up.
import * as fs from 'node:fs';

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
