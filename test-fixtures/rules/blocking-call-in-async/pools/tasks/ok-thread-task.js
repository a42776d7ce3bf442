// Started by new Worker(join(__dirname, …)) in spawn.ts: a worker thread of its own,
// polling a file on its own timer.
const fs = require('node:fs');

setInterval(async () => {
  const text = fs.readFileSync('/etc/hosts', 'utf8');
  console.log(text.length);
}, 1000);
