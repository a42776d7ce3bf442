// Library code of a CLI package. What only the `bin` module's one run calls is a
// one-shot step too, across modules (bin/tool.js calls writeSite); what nothing in
// the package calls may be called from anywhere, and is still read.
const fs = require('fs');
const { execFileSync } = require('child_process');

async function writeSite(outDir) {
  fs.mkdirSync(outDir, { recursive: true });
  execFileSync('touch', [`${outDir}/CNAME`]);
}

async function publish(outDir) {
  return execFileSync('ls', [outDir], { encoding: 'utf8' });
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

module.exports = { writeSite, publish };
