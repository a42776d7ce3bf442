// A user's own function named `test` or `it` is not a test runner: its callback
// is ordinary async code, and a server handler in a test-looking file still serves.
import * as fs from 'node:fs';
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';

function test(name: string, body: () => Promise<unknown>): void {
  void name;
  void body();
}

export const checks = { it: (name: string, body: () => Promise<unknown>) => body() };

test('not a test runner', async () => {
  return execFileSync('cat', ['/srv/data.json'], { encoding: 'utf8' });
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
});

checks.it('still not one', async () => {
  execFileSync('touch', ['/srv/out.json']);
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
});

export const server = createServer((req, res) => {
  res.end(fs.readFileSync('/srv/index.html'));
  //      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
});
