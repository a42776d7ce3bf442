// Also started by bin/fdoc, but it serves its parent's messages for as long as the
// parent keeps it: each message's handler is event-loop work.
const { execFileSync } = require('child_process');

process.on('message', async (msg) => {
  const text = execFileSync('cat', [msg.file], { encoding: 'utf8' });
  //           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  process.send(text.length);
});
