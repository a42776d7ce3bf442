/**
 * The calls other modules make of a function that a module exports as its value,
 * or under a name its importers rebind freely: `module.exports = function (argv) {…}`,
 * `module.exports = run`, `exports.load = function …`, `export default function …`,
 * `export default run`, `export = run`. An importer binds such a function to a name of
 * its own (`const start = require('./run')`, `import start from './run'`, or none:
 * `require('./run')(argv)`), so a search by the function's name cannot find its
 * callers; this follows every binding the program makes of the exporting module,
 * with the checker.
 *
 * The one-shot reading of blocking-call-in-async asks it (json-server's bin.js runs
 * `require('./')()`, whose function runs `run(argv)` from run.js: both are start-up).
 * The answer is every call, or undefined when a use is anything but a call (handed
 * on, stored, re-exported): then whoever gets the function may call it anywhere.
 */
import { ts } from './compiler';
import { aliasTarget, callNaming, isFunctionLike, requiredModule, skipOuterExpressions, walk, type FunctionLike } from './ast';

type Call = ts.CallExpression | ts.NewExpression;

/**
 * The node that exports `fn` as a module's value or a named member, if it is one:
 * the `module.exports = …` / `exports.x = …` assignment or the `export default` /
 * `export =` statement (or `fn` itself for `export default function`). `via` is the
 * identifier of a declared function as it is used in that export (`module.exports = run`).
 */
export function exportNodeOf(fn: FunctionLike, via?: ts.Identifier): ts.Node | undefined {
  if (!via && ts.isFunctionDeclaration(fn)) {
    const flags = ts.getCombinedModifierFlags(fn);
    return flags & ts.ModifierFlags.Export && flags & ts.ModifierFlags.Default ? fn : undefined;
  }
  let node: ts.Node = via ?? fn;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isExportAssignment(parent) && parent.expression === node) return parent;
  if (ts.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isExpressionStatement(parent.parent) && ts.isSourceFile(parent.parent.parent) && isExportsTarget(parent.left)) {
    return parent;
  }
  return undefined;
}

/** `module.exports`, `exports.x`, `module.exports.x`. */
function isExportsTarget(left: ts.Expression): boolean {
  const text = (e: ts.Expression) => skipOuterExpressions(e).getText();
  if (text(left) === 'module.exports') return true;
  return ts.isPropertyAccessExpression(left) && (text(left.expression) === 'exports' || text(left.expression) === 'module.exports');
}

/** Whether a symbol (an importer's binding, resolved through aliases) is the export `exported`. */
function isTheExport(symbol: ts.Symbol | undefined, exported: ts.Node): boolean {
  for (const decl of symbol?.declarations ?? []) {
    if (decl === exported || decl.parent === exported) return true;
    if (ts.isBinaryExpression(exported) && (decl as ts.Node) === exported.left) return true;
  }
  return false;
}

const importersByProgram = new WeakMap<ts.Program, Map<ts.SourceFile, ts.SourceFile[]>>();

/** Files that `require` or import each file of the program (resolved by the checker). */
export function importersOf(checker: ts.TypeChecker, program: ts.Program, target: ts.SourceFile): ts.SourceFile[] {
  let map = importersByProgram.get(program);
  if (!map) {
    map = new Map();
    for (const file of program.getSourceFiles()) {
      if (file.isDeclarationFile) continue;
      const specifiers: ts.Expression[] = [];
      walk(file, (node) => {
        if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) specifiers.push(node.moduleSpecifier);
        else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) specifiers.push(node.moduleReference.expression);
        else if (requiredModule(node) !== undefined) specifiers.push((node as ts.CallExpression).arguments[0]);
      });
      for (const spec of specifiers) {
        const decl = checker.getSymbolAtLocation(spec)?.valueDeclaration;
        if (decl && ts.isSourceFile(decl)) {
          const list = map.get(decl);
          if (!list) map.set(decl, [file]);
          else if (!list.includes(file)) list.push(file);
        }
      }
    }
    importersByProgram.set(program, map);
  }
  return map.get(target) ?? [];
}

/**
 * Every call of the exported function `fn` (exported by `exported`, see exportNodeOf)
 * from the files that bind its module, and from its own file; undefined if any use is
 * not a call (handed on, re-exported, the module object passed around), or if there is
 * no call at all (an export someone outside may call).
 */
export function callsOfExport(checker: ts.TypeChecker, program: ts.Program, fn: FunctionLike, exported: ts.Node): Call[] | undefined {
  const home = fn.getSourceFile();
  // `exports.load = …` exports a member named load; `module.exports = …` the module's value.
  const named = ts.isBinaryExpression(exported) && ts.isPropertyAccessExpression(exported.left) && exported.left.getText() !== 'module.exports'
    ? exported.left.name.text : undefined;
  const isHome = (spec: ts.Expression) => checker.getSymbolAtLocation(spec)?.valueDeclaration === home;
  const calls: Call[] = [];
  for (const file of [home, ...importersOf(checker, program, home).filter((f) => f !== home)]) {
    // The names this file binds the export (or its module) to; only those are resolved.
    const names = new Set<string>();
    if (named) names.add(named);
    const own = declaredNameOf(fn);
    if (file === home && own) names.add(own.text);
    let unknown = false;
    if (file !== home) {
      walk(file, (node) => {
        if (unknown) return false;
        if (ts.isImportDeclaration(node) && isHome(node.moduleSpecifier)) {
          const clause = node.importClause;
          if (clause?.name) names.add(clause.name.text);
          const bindings = clause?.namedBindings;
          if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
          else if (bindings) for (const e of bindings.elements) names.add(e.name.text);
        } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && isHome(node.moduleSpecifier)) {
          unknown = true; // re-exported: its callers are elsewhere
        } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && isHome(node.moduleReference.expression)) {
          names.add(node.name.text);
        } else if (requiredModule(node) !== undefined && isHome((node as ts.CallExpression).arguments[0])) {
          // `require('./run')(argv)`, `require('./load').load(src)`: no binding in between.
          const use = useOfRequire(node as ts.CallExpression, named);
          if (use === 'other') unknown = true;
          else if (use && 'binds' in use) addBoundNames(use.binds, names);
          else if (use) calls.push(use.call);
        }
        return true;
      });
    }
    if (unknown) return undefined;
    if (names.size === 0) continue;
    walk(file, (node) => {
      if (unknown) return false;
      if (!ts.isIdentifier(node) || !names.has(node.text) || isBinding(node) || node === own) return true;
      const symbol = aliasTarget(checker, checker.getSymbolAtLocation(node));
      if (!symbol) return true;
      // The module object itself (`const m = require('./load')`): only `m.x` is read further.
      if (symbol?.valueDeclaration === home) {
        if (!(ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node)) unknown = true;
        return true;
      }
      if (!isTheExport(symbol, exported) && !(symbol && userFunctionDeclaredBy(symbol) === fn)) return true;
      const call = callNaming(node);
      if (call) calls.push(call);
      // The export itself (`module.exports = run`, `export default run`) is not a use.
      else if (!(exported.pos <= node.pos && node.end <= exported.end)) unknown = true;
      return true;
    });
    if (unknown) return undefined;
  }
  return calls.length > 0 ? calls : undefined;
}

function addBoundNames(name: ts.BindingName, out: Set<string>): void {
  if (ts.isIdentifier(name)) out.add(name.text);
  else for (const e of name.elements) if (ts.isBindingElement(e)) addBoundNames(e.name, out);
}

type RequireUse = { call: Call } | { binds: ts.BindingName } | 'other' | undefined;

/** What is done with `require(module)` right where it is called: a call of the export, a binding, something else, or nothing of the export's. */
function useOfRequire(req: ts.CallExpression, named: string | undefined): RequireUse {
  const outer = (n: ts.Node) => {
    while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
    return n;
  };
  const node = outer(req);
  const parent = node.parent;
  // `const run = require(…)`, `const { load } = require(…)`: the binding's uses are read as identifiers.
  if (ts.isVariableDeclaration(parent) && parent.initializer === node) return { binds: parent.name };
  if (named === undefined) return ts.isCallExpression(parent) && parent.expression === node ? { call: parent } : 'other';
  if (!ts.isPropertyAccessExpression(parent) || parent.expression !== node) return 'other';
  if (parent.name.text !== named) return undefined;
  const access = outer(parent);
  const user = access.parent;
  if (ts.isCallExpression(user) && user.expression === access) return { call: user };
  if (ts.isVariableDeclaration(user) && user.initializer === access) return { binds: user.name };
  return 'other';
}

function userFunctionDeclaredBy(symbol: ts.Symbol): ts.Node | undefined {
  const decl = symbol.valueDeclaration;
  if (!decl) return undefined;
  if (isFunctionLike(decl)) return decl;
  if (ts.isVariableDeclaration(decl) && decl.initializer) {
    const init = skipOuterExpressions(decl.initializer);
    if (isFunctionLike(init)) return init;
  }
  return undefined;
}

function declaredNameOf(fn: FunctionLike): ts.Identifier | undefined {
  return (ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) ? fn.name : undefined;
}

/** `import x`, `const x = …`, `{ x }` in a pattern, `export { x }`: names a binding, calls nothing. */
function isBinding(id: ts.Identifier): boolean {
  const parent = id.parent;
  return ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent) ||
    ts.isImportEqualsDeclaration(parent) || ts.isBindingElement(parent) || ts.isVariableDeclaration(parent) && parent.name === id ||
    ts.isPropertyAssignment(parent) && parent.name === id || ts.isParameter(parent) && parent.name === id;
}
