/**
 * The Python backend itself: tree-sitter loading and Python 3.12 syntax,
 * incremental re-parsing, import resolution, bad input, settings, and the quick
 * fixes applied to real text.
 */
import assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/core/edits';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UnanalysableFileError } from '../../server/src/core/errors';
import { DEFAULT_SETTINGS, resolveSettings } from '../../server/src/protocol';
import { PythonBackend } from '../../server/src/lang/python/backend';
import { loadPythonParser, parsePython } from '../../server/src/lang/python/parser';
import type { Finding } from '../../server/src/core/finding';
import { pythonRules } from './python-test-rules';

const never = { isCancellationRequested: false };

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'loopwise-py-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function analyse(files: Record<string, string>, file: string, settings = DEFAULT_SETTINGS): Promise<{ findings: Finding[]; text: string }> {
  const dir = workspace(files);
  const backend = new PythonBackend([dir], pythonRules);
  return { findings: await backend.analyzeFile(join(dir, file), settings, never), text: files[file] };
}

describe('Python parsing', () => {
  it('parses Python 3.12 syntax (match, PEP 695 generics, type aliases) without errors', async () => {
    const parser = await loadPythonParser();
    const tree = parsePython(parser, [
      'type Pair[T] = tuple[T, T]',
      'class Box[T]:',
      '    def get[U](self, x: U) -> T | U: ...',
      'def f(cmd):',
      '    match cmd:',
      '        case {"op": "add", "args": [x, *rest]}: return x',
      '        case Point(x=0) | None: return 0',
      '        case _: return f"{cmd!r:>{10}}"',
      '',
    ].join('\n'));
    assert.equal(tree.rootNode.hasError, false);
  });

  it('re-parses an edited document from the previous tree', async () => {
    const dir = workspace({ 'app.py': 'import time\n\nasync def f():\n    pass\n' });
    const file = join(dir, 'app.py');
    const backend = new PythonBackend([dir], pythonRules);
    backend.setDocumentText(file, 'import time\n\nasync def f():\n    pass\n');
    assert.deepEqual(await backend.analyzeFile(file, DEFAULT_SETTINGS, never), []);
    const ws = await backend.workspace();
    const before = ws.treeOf(file)!;
    const edited = 'import time\n\nasync def f():\n    time.sleep(1)\n';
    backend.setDocumentText(file, edited);
    const findings = await backend.analyzeFile(file, DEFAULT_SETTINGS, never);
    assert.deepEqual(findings.map((f) => edited.slice(f.start, f.end)), ['time.sleep(1)']);
    assert.notEqual(ws.treeOf(file), before);
  });

  it('reuses the old tree: only the edited statement is re-parsed', async () => {
    const parser = await loadPythonParser();
    const a = 'import time\n\ndef g():\n    return 1\n\nasync def f():\n    pass\n';
    const b = a.replace('    pass', '    time.sleep(1)');
    const old = parser.parse(a)!;
    const next = parsePython(parser, b, { text: a, tree: old });
    const changed = old.getChangedRanges(next);
    assert.deepEqual(changed.map((r) => b.slice(r.startIndex, r.endIndex)), ['time.sleep(1)']);
    assert.equal(next.rootNode.hasError, false);
  });
});

describe('Python name resolution', () => {
  it('follows import aliases and ignores a user function of the same name', async () => {
    const { findings, text } = await analyse({
      'app.py': 'from time import sleep as nap\nimport time as t\n\ndef sleep(x):\n    return x\n\nasync def f():\n    nap(1)\n    t.sleep(2)\n    sleep(3)\n',
    }, 'app.py');
    // One async function's blocking calls are one finding, the others in its related information.
    assert.deepEqual(findings.map((f) => [text.slice(f.start, f.end), ...(f.related ?? []).map((r) => text.slice(r.start, r.end))]), [['nap(1)', 't.sleep(2)']]);
  });

  it('follows relative imports inside a package into another file, with the chain as related information', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loopwise-pkg-'));
    const pkg = join(dir, 'pkg');
    require('node:fs').mkdirSync(pkg);
    writeFileSync(join(pkg, '__init__.py'), '');
    writeFileSync(join(pkg, 'io_helpers.py'), 'import subprocess\n\ndef build():\n    subprocess.run(["make"])\n');
    const text = 'from .io_helpers import build\n\nasync def handler():\n    build()\n';
    writeFileSync(join(pkg, 'server.py'), text);
    const backend = new PythonBackend([dir], pythonRules);
    // One root cause, one finding: at the blocking call, naming the async caller in the other file.
    const [finding, ...rest] = await backend.analyzeFile(join(pkg, 'io_helpers.py'), DEFAULT_SETTINGS, never);
    assert.equal(rest.length, 0);
    assert.equal(readFileSync(join(pkg, 'io_helpers.py'), 'utf8').slice(finding.start, finding.end), 'subprocess.run(["make"])');
    assert.equal(finding.related?.[0].file, join(pkg, 'server.py'));
    assert.equal(text.slice(finding.related![0].start, finding.related![0].end), 'build()');
    assert.match(finding.message, /subprocess\.run\(\)/);
    assert.deepEqual(await backend.analyzeFile(join(pkg, 'server.py'), DEFAULT_SETTINGS, never), []);
  });

  it('treats loopwise.blockingApis.extra entries as blocking', async () => {
    const settings = resolveSettings({ blockingApis: { extra: ['legacy_db#query', 'legacy_db#Conn.fetch'] } });
    const { findings, text } = await analyse({
      'app.py': 'import legacy_db\n\nasync def f():\n    legacy_db.query("x")\n    c = legacy_db.Conn()\n    c.fetch()\n',
    }, 'app.py', settings);
    assert.deepEqual(findings.map((f) => [text.slice(f.start, f.end), ...(f.related ?? []).map((r) => text.slice(r.start, r.end))]), [['legacy_db.query("x")', 'c.fetch()']]);
  });

  it('runs no rule that the settings turn off', async () => {
    const settings = resolveSettings({ rules: { 'blocking-call-in-async': 'off' } });
    const { findings } = await analyse({ 'app.py': 'import time\nasync def f():\n    time.sleep(1)\n' }, 'app.py', settings);
    assert.deepEqual(findings, []);
  });
});

describe('Python bad input', () => {
  const cases: Record<string, Buffer> = {
    binary: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 0, 0]),
    'not UTF-8': Buffer.from('x = "caf\xe9"\n', 'latin1'),
    huge: Buffer.from('x = 1\n'.repeat(600_000)),
    'deeply nested': Buffer.from(`x = ${'('.repeat(5000)}1${')'.repeat(5000)}\n`),
    'deeply indented': Buffer.from(Array.from({ length: 700 }, (_, i) => `${' '.repeat(i)}if x:\n`).join('') + `${' '.repeat(700)}pass\n`),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    it(`refuses a ${name} file with a clear UnanalysableFileError`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'loopwise-bad-'));
      writeFileSync(join(dir, 'bad.py'), bytes);
      const backend = new PythonBackend([dir], pythonRules);
      await assert.rejects(backend.analyzeFile(join(dir, 'bad.py'), DEFAULT_SETTINGS, never), (e: unknown) => {
        assert.ok(e instanceof UnanalysableFileError, String(e));
        assert.match((e as Error).message, /skipped/);
        return true;
      });
    });
  }

  it('analyses a file with syntax errors around them', async () => {
    const { findings, text } = await analyse({ 'app.py': 'import time\ndef broken(:\n    pass\n\nasync def f():\n    time.sleep(1)\n' }, 'app.py');
    assert.deepEqual(findings.map((f) => text.slice(f.start, f.end)), ['time.sleep(1)']);
  });
});

describe('Python quick fixes', () => {
  async function fixed(text: string, rule: string, title: RegExp): Promise<string> {
    const { findings } = await analyse({ 'app.py': text }, 'app.py');
    const finding = findings.find((f) => f.rule === rule);
    assert.ok(finding, `no ${rule} finding`);
    const fix = finding.fixes?.find((f) => title.test(f.title));
    assert.ok(fix, `no fix matching ${title}: ${finding.fixes?.map((f) => f.title).join(', ')}`);
    return applyEdits(text, fix.edits);
  }

  it('time.sleep(x) → await asyncio.sleep(x), adding the import', async () => {
    const out = await fixed('"""Doc."""\nfrom time import sleep\n\nasync def f(x):\n    sleep(x)\n', 'blocking-call-in-async', /asyncio\.sleep/);
    // The fix replaced the only use of sleep, so its import goes (issue 15: quick fixes leave clean code).
    assert.equal(out, '"""Doc."""\nimport asyncio\n\nasync def f(x):\n    await asyncio.sleep(x)\n');
  });

  it('a blocking call → await asyncio.to_thread(f, ...), keeping an existing import', async () => {
    const out = await fixed('import asyncio\nimport requests\n\nasync def f(u):\n    r = requests.get(u, timeout=3).json()\n', 'blocking-call-in-async', /to_thread/);
    assert.equal(out, 'import asyncio\nimport requests\n\nasync def f(u):\n    r = (await asyncio.to_thread(requests.get, u, timeout=3)).json()\n');
  });

  it('ThreadPoolExecutor → ProcessPoolExecutor for a CPU-bound, picklable task', async () => {
    const out = await fixed('from concurrent.futures import ThreadPoolExecutor\n\ndef work(n):\n    t = 0\n    for i in range(n):\n        t += i\n    return t\n\ndef run():\n    with ThreadPoolExecutor() as ex:\n        return ex.submit(work, 10).result()\n', 'cpu-bound-in-threads', /ProcessPoolExecutor/);
    // ThreadPoolExecutor has no other use, so its import is renamed rather than left unused.
    assert.equal(out, 'from concurrent.futures import ProcessPoolExecutor\n\ndef work(n):\n    t = 0\n    for i in range(n):\n        t += i\n    return t\n\ndef run():\n    with ProcessPoolExecutor() as ex:\n        return ex.submit(work, 10).result()\n');
  });

  it('an unclosed pool → a with block', async () => {
    const out = await fixed('import multiprocessing\n\ndef sq(x):\n    return x * x\n\ndef run(xs):\n    pool = multiprocessing.Pool(4)\n    out = pool.map(sq, xs)\n    print(out)\n    pool.close()\n', 'unclosed-pool', /with/);
    assert.equal(out, 'import multiprocessing\n\ndef sq(x):\n    return x * x\n\ndef run(xs):\n    with multiprocessing.Pool(4) as pool:\n        out = pool.map(sq, xs)\n        print(out)\n');
  });

  it('args=(x) → args=(x,)', async () => {
    const out = await fixed('import threading\n\ndef w(s):\n    return s\n\nthreading.Thread(target=w, args=("abc")).start()\n', 'thread-args-mismatch', /tuple/);
    assert.match(out, /args=\("abc",\)/);
  });

  it('a sequential await loop → asyncio.gather', async () => {
    const out = await fixed('async def get(u):\n    return u\n\nasync def crawl(urls):\n    pages = []\n    for u in urls:\n        pages.append(await get(u))\n    return pages\n', 'sequential-await', /gather/);
    assert.equal(out, 'import asyncio\nasync def get(u):\n    return u\n\nasync def crawl(urls):\n    pages = []\n    pages.extend(await asyncio.gather(*(get(u) for u in urls)))\n    return pages\n');
  });
});
