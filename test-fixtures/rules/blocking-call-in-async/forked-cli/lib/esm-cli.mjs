// The same shape as an ES module (typedoc's dist/cli.js): a namespace import of the
// package's own name, and a main() that only the module's top level calls.
import * as fd from 'fixture-forked-cli';

void main();

async function main() {
  await fd.archive(process.argv[2]);
}
