// Loaded by bin/run.js: its default export is the command's one run, which the launcher
// calls. The signal handler and the timer it sets to force the exit run at shutdown, so
// they do not make this module serve: start() runs once per command.
import { execFileSync } from 'node:child_process';

async function start() {
  const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' });
  console.log(head.trim());
}

export default function run() {
  const onSignal = (signal) => {
    console.log(`got ${signal}`);
    setTimeout(() => process.exit(1), 5000);
  };
  process.on('SIGINT', onSignal.bind(undefined, 'SIGINT'));
  process.on('SIGTERM', onSignal.bind(undefined, 'SIGTERM'));
  start().catch(() => process.exit(1));
}
