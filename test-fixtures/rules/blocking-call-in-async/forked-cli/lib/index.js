// The library of a CLI package. generate is called only by the forked CLI, archive only
// by the ES-module CLI (both through the package's own name): one-shot steps. render is also what the package's server calls
// per request, so it is still read.
const fs = require('fs');

async function generate(outDir) {
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(`${outDir}/.nojekyll`, '');
}

async function archive(outDir) {
  fs.writeFileSync(`${outDir}.tar`, '');
}

async function render(name) {
  return fs.readFileSync(`/srv/${name}.html`, 'utf8');
  //     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
}

module.exports = { archive, generate, render };
