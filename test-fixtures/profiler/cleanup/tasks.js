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

/**
 * A daemon: a child that starts a detached grandchild and exits at once, so that the
 * grandchild is orphaned. Only a child subreaper above it still has it in its tree.
 */
function leaveDaemon(x) {
  const grandchild = `require('node:child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], { detached: true, stdio: 'ignore' }).unref()`;
  spawn(process.execPath, ['-e', grandchild], { detached: true, stdio: 'ignore' }).unref();
  return x;
}

module.exports = { spinForever, leaveDetached, leaveDaemon };
