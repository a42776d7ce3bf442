// Tasks that try to outlive the profile. The clean-up tests (test/unit/profiler-cleanup.test.ts)
// run each through the CLI, signal it or let it finish, and then look in /proc for survivors.
const { spawn } = require('node:child_process');
const { writeFileSync } = require('node:fs');

/** Says it started (so the test knows when to signal), then computes forever. */
function spinForever(marker) {
  writeFileSync(marker, String(process.pid));
  for (;;);
}

/** Starts a detached child that shares the profiler's stdio and sleeps for ten minutes, then returns. */
function leaveDetached(x) {
  spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], { detached: true, stdio: 'inherit' }).unref();
  return x;
}

module.exports = { spinForever, leaveDetached };
