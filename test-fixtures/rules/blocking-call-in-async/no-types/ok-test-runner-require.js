// CommonJS tests without @types/node: the runner is known from the require specifier.
const fs = require('node:fs');
const { test } = require('node:test');
const tap = require('tap');

test('reads its fixture', async () => {
  return fs.readFileSync(__filename, 'utf8');
});

tap.test('tap test', async () => {
  fs.unlinkSync('/tmp/loopwise.sock');
});
