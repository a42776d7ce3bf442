/**
 * Python receiver types for blocking-call-in-async: a receiver that may be one of
 * several classes is followed into each candidate, attributes take their type from
 * `__init__` (`param or Known()`, a base class, a class-body annotation), and a
 * project function's result takes its return annotation or its known `return`s.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { PythonBackend } from '../../server/src/lang/python/backend';
import { pythonRules } from './python-test-rules';

const never = { isCancellationRequested: false };

async function blocking(text: string): Promise<{ line: number; message: string; related: string[] }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'loopwise-pyrecv-'));
  writeFileSync(join(dir, 'app.py'), text);
  const backend = new PythonBackend([dir], pythonRules);
  const findings = await backend.analyzeFile(join(dir, 'app.py'), DEFAULT_SETTINGS, never);
  return findings.filter((f) => f.rule === 'blocking-call-in-async').map((f) => ({
    line: text.slice(0, f.start).split('\n').length,
    message: f.message,
    related: (f.related ?? []).map((r) => r.message),
  }));
}

const CLASSES = [
  'import requests, aiohttp',
  'class Memory:',
  '    def load(self, key):',
  '        return key',
  'class Disk:',
  '    def load(self, key):',
  '        with open(key) as f:',
  '            return f.read()',
  'class Quiet:',
  '    def load(self, key):',
  '        return key.upper()',
  'def unknown():',
  '    return globals()["x"]()',
].join('\n');

describe('Python receivers of several classes', () => {
  it('a conditional value: the candidate whose method blocks is the root, reported once for both entry points', async () => {
    const found = await blocking(`${CLASSES}
async def a(request: aiohttp.web.Request, key, c):
    store = Memory() if c else Disk()
    return store.load(key)
async def b(request: aiohttp.web.Request, key, c):
    if c:
        store = Disk()
    else:
        store = Memory()
    return store.load(key)
`);
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.equal(found[0].line, 7);
    assert.match(found[0].message, /^'open\(\)' in sync 'load' blocks the event loop: 'async def a' and 1 more reach it$/);
    assert.deepEqual(found[0].related.map((m) => m.split(':')[0]).sort(), ["'async def a' reaches it", "'async def b' reaches it"]);
  });

  it('annotations A | B and Union[A, B] follow each class; an unknown candidate or a replaced binding adds nothing', async () => {
    const found = await blocking(`${CLASSES}
from typing import Union
async def a(s: Memory | requests.Session, url):
    return s.get(url)
async def b(s: Union[Quiet, requests.Session], url):
    return s.post(url)
async def c(key, flag):
    store = Quiet() if flag else unknown()
    return store.load(key)
async def d(key):
    store = Disk()
    store = Quiet()
    return store.load(key)
`);
    assert.deepEqual(found.map((f) => [f.line, f.message]), [
      [16, "'requests.Session.get()' blocks the event loop in 'async def a'"],
      [18, "'requests.Session.post()' blocks the event loop in 'async def b'"],
    ]);
  });

  it('attributes from param-or-Known in __init__, a base class, a class-body annotation; results of project functions', async () => {
    const found = await blocking(`${CLASSES}
class Api:
    http: requests.Session
    def __init__(self, session=None, http=None):
        self.session = session or requests.Session()
        self.http = unknown()
class Child(Api):
    async def one(self, url):
        return self.session.get(url)
    async def two(self, url):
        return self.http.put(url)
def make():
    return requests.Session()
def make_some(flag):
    if flag:
        return requests.Session()
    return unknown()
async def three(url):
    return make().head(url), make_some(True).head(url)
`);
    assert.deepEqual(found.map((f) => [f.line, f.message]), [
      [21, "'requests.Session.get()' blocks the event loop in 'async def one'"],
      [23, "'requests.Session.put()' blocks the event loop in 'async def two'"],
      [31, "'requests.Session.head()' blocks the event loop in 'async def three'"],
    ]);
  });
});
