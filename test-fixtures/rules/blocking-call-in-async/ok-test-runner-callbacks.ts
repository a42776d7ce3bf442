// A package's own test suite: the callbacks handed to a test runner run once per
// test run, so a blocking read of a fixture in them is not on a request path.
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { describe, it, test, before } from 'node:test';

test('reads its fixture', async () => {
  const expected = fs.readFileSync(__filename, 'utf8');
  return expected.length;
});

// A subtest through the context object (node:test's TestContext.test) and a hook.
test('subtests', async (t) => {
  await t.test('compressed body', async () => {
    const body = zlib.gzipSync(JSON.stringify({ x: 1 }));
    return body.length;
  });
});

describe('suite', () => {
  before(async () => {
    fs.writeFileSync('/tmp/loopwise-fixture.txt', 'x');
  });
  it('waits for its workers', async () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    Atomics.wait(flag, 0, 0, 10);
  });
});

// A helper written inline in a test body is test code too.
test('helper', async () => {
  const load = async (name: string) => fs.readFileSync(`/fixtures/${name}`);
  await load('a.json');
});
