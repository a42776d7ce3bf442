/**
 * Call resolution through a JavaScript parameter with no declared type (callee.ts):
 * `app.generate()` resolves to a method when every call of the parameter's function
 * passes an argument whose type the checker knows, and to nothing otherwise.
 * The rule-level view is in test-fixtures/rules/blocking-call-in-async/untyped-param.js
 * and cli/lib/site.js.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ts } from '../../server/src/lang/ts/compiler';
import { resolveCallee } from '../../server/src/lang/ts/callee';
import { functionName } from '../../server/src/lang/ts/ast';

/** The function `recv.method(…)` in `main.js` resolves to, by name, or 'unknown'. */
function resolvedAt(files: Record<string, string>, callText: string): string {
  const host = ts.createCompilerHost({ allowJs: true });
  const read = host.readFile.bind(host);
  const exists = host.fileExists.bind(host);
  host.readFile = (f) => (f.startsWith('/virtual/') ? files[f.slice('/virtual/'.length)] : read(f));
  host.fileExists = (f) => (f.startsWith('/virtual/') ? f.slice('/virtual/'.length) in files : exists(f));
  const directoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (d) => d === '/virtual' || d === '/' || (directoryExists ? directoryExists(d) : true);
  host.realpath = (p) => p;
  host.getSourceFile = (f, target) => {
    const text = host.readFile(f);
    return text === undefined ? undefined : ts.createSourceFile(f, text, target, true);
  };
  const program = ts.createProgram(Object.keys(files).map((f) => `/virtual/${f}`), {
    allowJs: true, checkJs: false, noEmit: true, target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.Preserve, moduleResolution: ts.ModuleResolutionKind.Bundler, noLib: true, types: [],
  }, host);
  const checker = program.getTypeChecker();
  let found: ts.CallExpression | undefined;
  for (const file of program.getSourceFiles()) {
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && node.getText() === callText) found = node;
      node.forEachChild(visit);
    };
    visit(file);
  }
  assert.ok(found, `no call ${callText}`);
  const target = resolveCallee(checker, program, found);
  return target.kind === 'user' ? `${functionName(target.declaration)}` : target.kind;
}

const appClass = 'class App { async generate(out) { return out; } }\nclass Other { async generate(out) { return out; } }\n';

describe('calls through an untyped JavaScript parameter', () => {
  it('resolves when every call passes an argument of a known type', () => {
    const main = `${appClass}async function run(app) { await app.generate('o'); }\nasync function main() { let app; app = new App(); await run(app); await run(new App()); }\n`;
    assert.equal(resolvedAt({ 'main.js': main }, "app.generate('o')"), 'App.generate');
  });

  it('follows an argument that is itself an untyped parameter one caller further', () => {
    const main = `${appClass}async function run(app) { await app.generate('o'); }\nasync function outer(a) { await run(a); }\nouter(new App());\n`;
    assert.equal(resolvedAt({ 'main.js': main }, "app.generate('o')"), 'App.generate');
  });

  it('follows calls from another module through require()', () => {
    const lib = `${appClass}async function run(app) { await app.generate('o'); }\nmodule.exports = { App, run };\n`;
    const main = "const { App, run } = require('./lib.js');\nrun(new App());\n";
    assert.equal(resolvedAt({ 'lib.js': lib, 'main.js': main }, "app.generate('o')"), 'App.generate');
    // A call in another module that passes what JSON.parse returns counts as well.
    const other = "const { run } = require('./lib.js');\nrun(JSON.parse('{}'));\n";
    assert.equal(resolvedAt({ 'lib.js': lib, 'main.js': main, 'other.js': other }, "app.generate('o')"), 'unknown');
  });

  it('resolves nothing when one call passes an argument of unknown type', () => {
    const main = `${appClass}async function run(app) { await app.generate('o'); }\nrun(new App());\nrun(JSON.parse('{}'));\n`;
    assert.equal(resolvedAt({ 'main.js': main }, "app.generate('o')"), 'unknown');
  });

  it('resolves nothing when the callers pass different classes', () => {
    const main = `${appClass}async function run(app) { await app.generate('o'); }\nrun(new App());\nrun(new Other());\n`;
    assert.equal(resolvedAt({ 'main.js': main }, "app.generate('o')"), 'unknown');
  });

  it('resolves nothing when the function has no caller, is handed on, or reassigns the parameter', () => {
    const none = `${appClass}async function run(app) { await app.generate('o'); }\nmodule.exports = { run };\n`;
    assert.equal(resolvedAt({ 'main.js': none }, "app.generate('o')"), 'unknown');
    const handed = `${appClass}async function run(app) { await app.generate('o'); }\nrun(new App());\nsetTimeout(run, 1);\n`;
    assert.equal(resolvedAt({ 'main.js': handed }, "app.generate('o')"), 'unknown');
    const reassigned = `${appClass}async function run(app) { app = app.inner; await app.generate('o'); }\nrun(new App());\n`;
    assert.equal(resolvedAt({ 'main.js': reassigned }, "app.generate('o')"), 'unknown');
  });

  it('resolves nothing for a method that may also be called on a receiver the checker does not know', () => {
    const main = `${appClass}class Runner { async run(app) { await app.generate('o'); } }\nnew Runner().run(new App());\nfunction later(r) { r.run(JSON.parse('{}')); }\nlater(JSON.parse('{}'));\n`;
    assert.equal(resolvedAt({ 'main.js': main }, "app.generate('o')"), 'unknown');
    const known = `${appClass}class Runner { async run(app) { await app.generate('o'); } }\nnew Runner().run(new App());\n`;
    assert.equal(resolvedAt({ 'main.js': known }, "app.generate('o')"), 'App.generate');
  });
});
