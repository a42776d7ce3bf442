// Library code of a CLI package. What only the `bin` module's one run calls is a
// one-shot step too, across modules (bin/tool.js calls writeSite); what nothing in
// the package calls may be called from anywhere, and is still read.
const fs = require('fs');

async function writeSite(outDir) {
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(`${outDir}/CNAME`, 'example.org');
}

async function publish(outDir) {
  return fs.readdirSync(outDir);
  //     ^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

module.exports = { writeSite, publish };
