// Loaded by bin/watch.js, and it keeps running: a timer outside any shutdown handler calls
// refresh() again and again, so this module serves and is checked as usual.
import { execFileSync } from 'node:child_process';

async function refresh() {
  const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' });
  //           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  console.log(head.trim());
}

export default function watch() {
  setInterval(() => void refresh(), 1000);
}
