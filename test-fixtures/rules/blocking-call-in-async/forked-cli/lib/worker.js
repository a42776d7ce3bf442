// Also started by bin/fdoc, but it serves its parent's messages for as long as the
// parent keeps it: each message's handler is event-loop work.
const fs = require('fs');

process.on('message', async (msg) => {
  const text = fs.readFileSync(msg.file, 'utf8');
  //           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
  process.send(text.length);
});
