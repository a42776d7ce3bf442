/**
 * Test bodies are not event-loop entry points a user fixes: a `readFileSync` of
 * a fixture, or an `Atomics.wait` that sequences a test's workers, inside the
 * callback handed to a test runner's `test()`/`it()`/`describe()`/hook runs once
 * per test run, on the test process. Packages that ship their test suites
 * (fastify, piscina) would otherwise be reported on every such line.
 *
 * The evidence is the checker's, not a name: the call the callback is handed to
 * resolves to a test runner's module, either through the binding it was imported
 * or required from (`const { test } = require('node:test')`, which needs no
 * types), or through the declaration of the signature the checker picks
 * (`t.test(…)` on node:test's TestContext, mocha's and jest's global `it`).
 * A callback nested in such a body (`t.test('sub', async (t) => …)`) is test
 * code too. A user's own function called `test` is not a test runner.
 */
import { ts } from '../../lang/ts/compiler';
import { isFunctionLike, type FunctionLike } from '../../lang/ts/ast';
import { originPackageOf, packageOfFile } from '../../lang/ts/callee';

/** Modules and packages whose calls take a test's body as a callback (`node:` stripped). */
const TEST_RUNNERS: ReadonlySet<string> = new Set([
  'test', // node:test (`declare module "node:test"` in @types/node), or the npm package of that name
  'tap', '@tapjs/core', 'tape', 'mocha', 'jest', '@jest/globals', 'vitest', '@vitest/runner', 'ava', 'uvu', '@playwright/test', 'bun:test',
]);

const memo = new WeakMap<ts.Node, boolean>();

/** Whether `fn`, or a function it is nested in, is a callback handed to a test runner. */
export function isInTestBody(checker: ts.TypeChecker, fn: FunctionLike): boolean {
  for (let node: ts.Node | undefined = fn; node; node = node.parent) {
    if (!isFunctionLike(node)) continue;
    let known = memo.get(node);
    if (known === undefined) {
      known = isTestRunnerCallback(checker, node);
      memo.set(node, known);
    }
    if (known) return true;
  }
  return false;
}

function isTestRunnerCallback(checker: ts.TypeChecker, fn: FunctionLike): boolean {
  const call = fn.parent;
  if (!call || !(ts.isCallExpression(call) || ts.isNewExpression(call)) || !call.arguments?.some((a) => a === fn)) return false;
  return isTestRunnerCall(checker, call);
}

function isTestRunnerCall(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression): boolean {
  const origin = originPackageOf(checker, call.expression);
  if (origin !== undefined && isTestRunner(origin)) return true;
  const decl = checker.getResolvedSignature(call)?.declaration;
  const file = decl?.getSourceFile();
  if (!decl || !file?.isDeclarationFile) return false;
  const ambient = ambientModuleOf(decl);
  if (ambient !== undefined) return isTestRunner(ambient);
  const pkg = packageOfFile(file.fileName.replace(/\\/g, '/'));
  return pkg !== undefined && isTestRunner(pkg);
}

function isTestRunner(module: string): boolean {
  const name = module.replace(/^node:/, '');
  // `tap/…`, `vitest/globals`: a runner's own subpath.
  const root = name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0];
  return TEST_RUNNERS.has(name) || TEST_RUNNERS.has(root);
}

/** The string-named module (`declare module "node:test" { … }`) a declaration sits in. */
function ambientModuleOf(decl: ts.Node): string | undefined {
  for (let current: ts.Node | undefined = decl.parent; current; current = current.parent) {
    if (ts.isModuleDeclaration(current) && ts.isStringLiteral(current.name)) return current.name.text;
  }
  return undefined;
}
