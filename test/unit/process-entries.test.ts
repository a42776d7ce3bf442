/**
 * Process entry points (a package's `bin` targets and the modules they start as
 * Node processes) and a package's import of itself by its own name, which
 * blocking-call-in-async follows from a CLI into the library
 * (test-fixtures/rules/blocking-call-in-async/forked-cli shows both in the rule).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it, before, after } from 'node:test';
import { isBinTarget, isProcessEntry, launchedModules } from '../../server/src/lang/ts/process-entries';
import { exportTarget, SelfReferences } from '../../server/src/lang/ts/self-reference';

let root: string;

function write(path: string, text: string): string {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
  return full;
}

describe('process entries: bin targets and the modules they start', () => {
  before(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'loopwise-entries-')));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('a bin that forks its CLI by a path anchored at its folder makes the CLI a process entry; the library is not one', () => {
    write('a/package.json', JSON.stringify({ name: 'a', bin: { a: 'bin/a' } }));
    write('a/bin/a', "#!/usr/bin/env node\nconst { fork } = require('child_process');\nfork(__dirname + '/../dist/cli.js', process.argv.slice(2));\n");
    const cli = write('a/dist/cli.js', 'void 0;\n');
    const lib = write('a/dist/index.js', 'void 0;\n');
    assert.equal(isBinTarget(join(root, 'a/bin/a')), true);
    assert.equal(isBinTarget(cli), false);
    assert.equal(isProcessEntry(cli), true);
    assert.equal(isProcessEntry(lib), false);
  });

  it('folds path.join, path.resolve, templates, require.resolve, new URL(…, import.meta.url) and const bindings', () => {
    write('b/package.json', JSON.stringify({ name: 'b', bin: 'bin/b.mjs' }));
    for (const name of ['one', 'two', 'three', 'four', 'five', 'six', 'seven']) write(`b/lib/${name}.js`, '');
    const bin = write('b/bin/b.mjs', [
      "import { fork, spawn as run } from 'node:child_process';",
      "import * as cp from 'child_process';",
      "import path, { resolve } from 'path';",
      "import { fileURLToPath } from 'node:url';",
      "fork(path.join(import.meta.dirname, '..', 'lib', 'one.js'));",
      "cp.fork(resolve(__dirname, '../lib/two.js'));",
      'fork(`${__dirname}/../lib/three.js`);',
      "fork(require.resolve('../lib/four.js'));",
      "fork(new URL('../lib/five.js', import.meta.url));",
      "const six = fileURLToPath(new URL('../lib/six.js', import.meta.url));",
      "run(process.execPath, ['--enable-source-maps', six]);",
      "const seven = path.join(__dirname, '../lib/seven.js');",
      "cp.execFile('node', [seven]);",
    ].join('\n'));
    const launched = launchedModules(bin).map((p) => p.slice(root.length + 1)).sort();
    assert.deepEqual(launched, ['b/lib/five.js', 'b/lib/four.js', 'b/lib/one.js', 'b/lib/seven.js', 'b/lib/six.js', 'b/lib/three.js', 'b/lib/two.js']);
  });

  it('names nothing without evidence: a path relative to the working directory, a fork not from child_process, a spawn of another command', () => {
    write('c/package.json', JSON.stringify({ name: 'c', bin: 'bin/c.js' }));
    for (const name of ['cwd', 'mine', 'python']) write(`c/lib/${name}.js`, '');
    const bin = write('c/bin/c.js', [
      "const child_process = require('child_process');",
      "const { fork } = require('./my-fork');",
      "child_process.fork('lib/cwd.js');",
      "fork(__dirname + '/../lib/mine.js');",
      "child_process.spawn('python', [__dirname + '/../lib/python.js']);",
    ].join('\n'));
    const cwd = process.cwd();
    // From the package's folder a cwd-relative path would name a real file; it still does not count.
    process.chdir(join(root, 'c'));
    try {
      assert.deepEqual(launchedModules(bin), []);
      assert.equal(isProcessEntry(join(root, 'c/lib/cwd.js')), false);
    } finally {
      process.chdir(cwd);
    }
  });

  it('follows a launched module that launches another (bin → cli → worker)', () => {
    write('d/package.json', JSON.stringify({ name: 'd', bin: 'bin/d.js' }));
    write('d/bin/d.js', "require('child_process').fork(__dirname + '/../lib/cli.js');\n");
    write('d/lib/cli.js', "const { fork } = require('node:child_process');\nfork(require.resolve('./worker.js'));\n");
    const worker = write('d/lib/worker.js', '');
    assert.equal(isProcessEntry(worker), true);
  });
  it("a bin that loads a module with import('./…') makes it a process entry; the package's main, a bare or computed specifier do not", () => {
    write('e/package.json', JSON.stringify({ name: 'e', main: 'lib/index.mjs', bin: { e: 'bin/e' } }));
    write('e/bin/e', [
      '#!/usr/bin/env node',
      "import('../lib/cli.mjs').catch(() => process.exit(1));",
      "import('../lib/index.mjs');",
      "import('e-plugin');",
      "import(process.env.E_CLI);",
    ].join('\n'));
    const cli = write('e/lib/cli.mjs', '');
    const lib = write('e/lib/index.mjs', '');
    assert.deepEqual(launchedModules(join(root, 'e/bin/e')), [cli]);
    assert.equal(isProcessEntry(cli), true);
    assert.equal(isProcessEntry(lib), false);
  });
});

describe("a package's import of itself resolves to what runs", () => {
  before(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'loopwise-self-')));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('exports: the runtime condition in the package\'s order, never `types`', () => {
    const exports = {
      '.': { 'typedoc-ts': './src/index.ts', types: './dist/types/index.d.ts', default: './dist/index.js' },
      './models': { types: './dist/models.d.ts', import: './dist/models.mjs', require: './dist/models.cjs' },
      './browser/*': './dist/browser-locales/*.js',
      './package.json': './package.json',
    };
    assert.equal(exportTarget(exports, '.', 'import'), './dist/index.js');
    assert.equal(exportTarget(exports, './models', 'import'), './dist/models.mjs');
    assert.equal(exportTarget(exports, './models', 'require'), './dist/models.cjs');
    assert.equal(exportTarget(exports, './browser/en', 'import'), './dist/browser-locales/en.js');
    assert.equal(exportTarget(exports, './missing', 'import'), undefined);
    assert.equal(exportTarget('./main.js', '.', undefined), './main.js');
    assert.equal(exportTarget({ node: { import: './n.mjs' }, default: './d.js' }, '.', 'require'), './d.js');
    assert.equal(exportTarget({ browser: './b.js' }, '.', 'import'), undefined);
  });

  it('only the own name, only with exports, only to a file that exists', () => {
    write('p/package.json', JSON.stringify({ name: '@scope/p', exports: { '.': { types: './t.d.ts', default: './dist/index.js' }, './gone': './dist/gone.js' } }));
    const index = write('p/dist/index.js', '');
    const cli = write('p/dist/cli.js', '');
    write('q/package.json', JSON.stringify({ name: 'q', main: './index.js' }));
    const q = write('q/cli.js', '');
    write('q/index.js', '');
    const refs = new SelfReferences({ fileExists: existsSync, readFile: (f) => readFileSync(f, 'utf8') });
    assert.equal(refs.resolve('@scope/p', cli, 'import'), index);
    assert.equal(refs.resolve('@scope/p/gone', cli, 'import'), undefined);
    assert.equal(refs.resolve('@scope/other', cli, 'import'), undefined);
    assert.equal(refs.resolve('./index', cli, 'import'), undefined);
    // Node resolves a package's own name only through its exports.
    assert.equal(refs.resolve('q', q, 'require'), undefined);
  });
});
