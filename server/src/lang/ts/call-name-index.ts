/**
 * Which function names can reach a blocking API, found bottom-up: first the
 * functions with a confirmed blocking call in them, then, round by round, the
 * functions with a call that the type checker resolves to one already found.
 * Only calls whose callee name matches are ever resolved, so the checker's cost
 * follows the few blocking functions, not the size of the program. Per-file call
 * lists are cached on the compiler's SourceFile objects, which the compiler
 * reuses for every file an edit did not touch.
 */
import { ts } from './compiler';
import { isFunctionLike, walkCarrying } from './ast';

export interface CallSite {
  call: ts.CallExpression | ts.NewExpression;
  /** The nearest named function around the call; undefined at module top level. */
  owner: ts.Node | undefined;
}

export interface FileCalls {
  byName: Map<string, CallSite[]>;
  /** Every named function in the file. */
  functions: ts.Node[];
  /** `import { a as b }`, `const { a: b } = require(…)`, `export { a as b }`: b may stand for a. */
  aliases: Array<[local: string, original: string]>;
}

const fileCalls = new WeakMap<ts.SourceFile, FileCalls>();

/** The name a function is called by, or undefined for an anonymous callback. */
export function callableName(fn: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  if ((ts.isMethodDeclaration(fn) || ts.isGetAccessor(fn) || ts.isSetAccessor(fn)) && (ts.isIdentifier(fn.name) || ts.isStringLiteral(fn.name))) return fn.name.text;
  const parent = fn.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) &&
      (ts.isIdentifier(parent.name) || ts.isStringLiteral(parent.name))) return parent.name.text;
  if (parent && ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const left = parent.left;
    if (ts.isPropertyAccessExpression(left)) return left.name.text;
    if (ts.isIdentifier(left)) return left.text;
  }
  return undefined;
}

function calleeText(expr: ts.Expression): string | undefined {
  while (ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr)) expr = expr.expression;
  if (ts.isIdentifier(expr)) return expr.text;
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  return undefined;
}

/** The name of `f` in `f.call`, `f.apply` and `f.bind(o)` (or, with `bindOnly`, `f.bind`). */
function functionMethodTarget(expr: ts.Expression, bindOnly = false): string | undefined {
  while (ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr)) expr = expr.expression;
  if (!bindOnly && ts.isCallExpression(expr)) return functionMethodTarget(expr.expression, true);
  if (!ts.isPropertyAccessExpression(expr)) return undefined;
  const method = expr.name.text;
  if (bindOnly ? method !== 'bind' : method !== 'call' && method !== 'apply') return undefined;
  return calleeText(expr.expression);
}

function collect(sourceFile: ts.SourceFile): FileCalls {
  const byName = new Map<string, CallSite[]>();
  const aliases: FileCalls['aliases'] = [];
  const functions: ts.Node[] = [];
  // No recursion: a long `a + b + …` chain nests deeper than the call stack allows.
  walkCarrying<ts.Node | undefined>(sourceFile, undefined, (node, owner) => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const add = (name: string | undefined) => {
        if (!name) return;
        let list = byName.get(name);
        if (!list) byName.set(name, (list = []));
        list.push({ call: node, owner });
      };
      add(calleeText(node.expression));
      // `f.call(o)`, `f.apply(o, a)`, `f.bind(o)()` run `f`: filed under its name too (callee.ts checks they are Function's methods).
      add(functionMethodTarget(node.expression));
    } else if ((ts.isImportSpecifier(node) || ts.isExportSpecifier(node)) && node.propertyName && ts.isIdentifier(node.propertyName)) {
      aliases.push([node.name.text, node.propertyName.text]);
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && ts.isCallExpression(node.initializer)) {
      // `const read = fs.readFileSync.bind(fs)`: read may stand for readFileSync.
      const target = functionMethodTarget(node.initializer.expression, true);
      if (target) aliases.push([node.name.text, target]);
    } else if (ts.isBindingElement(node) && node.propertyName && ts.isIdentifier(node.name) && ts.isIdentifier(node.propertyName)) {
      aliases.push([node.name.text, node.propertyName.text]);
    }
    const named = isFunctionLike(node) && callableName(node) !== undefined;
    if (named) functions.push(node);
    return named ? node : owner;
  });
  return { byName, functions, aliases };
}

export function callsIn(sourceFile: ts.SourceFile): FileCalls {
  let calls = fileCalls.get(sourceFile);
  if (!calls) {
    calls = collect(sourceFile);
    fileCalls.set(sourceFile, calls);
  }
  return calls;
}

export interface BlockingNameSearch {
  /** Whether this callee name could be a blocking API (before any resolution). */
  isApiCandidate(name: string): boolean;
  /** Whether this call is a confirmed blocking API call. */
  isBlockingApiCall(call: ts.CallExpression | ts.NewExpression, name: string): boolean;
  /** The user function declaration this call resolves to, if any. */
  resolveUserFunction(call: ts.CallExpression | ts.NewExpression): ts.Node | undefined;
}

/** A kind of function the program-wide search starts from, and how it confirms calls. */
export interface ReachSearch {
  /** Seed functions in these files, and names that count as reaching on their own (API aliases). */
  seeds(files: FileCalls[]): { seeds: ts.Node[]; names: string[] };
  resolveUserFunction(call: ts.CallExpression | ts.NewExpression): ts.Node | undefined;
}

/** Seeds for blocking calls: functions with a call the checker confirms is a blocking API. */
export function blockingSeeds(search: BlockingNameSearch): ReachSearch['seeds'] {
  return (files) => {
    const apiNames = new Set<string>();
    for (const file of files) {
      for (const name of file.byName.keys()) if (search.isApiCandidate(name)) apiNames.add(name);
      for (const [local, original] of file.aliases) if (search.isApiCandidate(original)) apiNames.add(local);
    }
    const seeds: ts.Node[] = [];
    const names: string[] = [];
    for (const file of files) {
      for (const name of apiNames) {
        for (const site of file.byName.get(name) ?? []) {
          if (!search.isBlockingApiCall(site.call, name)) continue;
          names.push(name);
          if (site.owner) seeds.push(site.owner);
        }
      }
    }
    return { seeds, names };
  };
}

/** Seeds for heavy work: functions a syntax-only test cannot rule out. */
export function functionSeeds(isSeed: (fn: ts.Node) => boolean): ReachSearch['seeds'] {
  return (files) => ({ seeds: files.flatMap((file) => file.functions.filter(isSeed)), names: [] });
}

/** The functions found to reach a seed, and their names (the filter rules use). */
export interface Reach {
  names: Set<string>;
  found: Set<ts.Node>;
}

/** Every function name that can reach a seed, over the whole program. */
export function reachingNames(program: ts.Program, search: ReachSearch): Reach {
  const files = programCalls(program);
  const { seeds, names } = search.seeds(files);
  return propagateToCallers(files, seeds, { names: new Set(names), found: new Set() }, search.resolveUserFunction);
}

/**
 * After edits to `changed`, grows a previous answer instead of starting over:
 * the changed files' own seeds, and their functions that call a name already
 * known, start the search. A name that stopped reaching stays in the set; it
 * was only ever a filter that may say yes too often.
 */
export function extendReachingNames(program: ts.Program, previous: Reach, changed: ts.SourceFile[], search: ReachSearch): Reach {
  const reach: Reach = { names: new Set(previous.names), found: new Set(previous.found) };
  const changedCalls = changed.map(callsIn);
  const { seeds, names: apiNames } = search.seeds(changedCalls);
  for (const name of apiNames) reach.names.add(name);
  for (const file of changedCalls) {
    for (const [name, sites] of file.byName) {
      if (!reach.names.has(name)) continue;
      for (const site of sites) {
        if (!site.owner) continue;
        const target = search.resolveUserFunction(site.call);
        if (target && reach.found.has(target)) seeds.push(site.owner);
      }
    }
    for (const [local, original] of file.aliases) if (reach.names.has(original)) reach.names.add(local);
  }
  return propagateToCallers(programCalls(program), seeds, reach, search.resolveUserFunction);
}

function programCalls(program: ts.Program): FileCalls[] {
  return program.getSourceFiles().filter((f) => !f.isDeclarationFile).map(callsIn);
}

/** From the seed functions up: every function with a call the checker resolves to one already found. */
function propagateToCallers(
  files: FileCalls[],
  seeds: ts.Node[],
  reach: Reach,
  resolveUserFunction: (call: ts.CallExpression | ts.NewExpression) => ts.Node | undefined,
): Reach {
  const { names, found } = reach;
  const queue: string[] = [];
  const mark = (fn: ts.Node | undefined) => {
    if (!fn || found.has(fn)) return;
    found.add(fn);
    const name = callableName(fn);
    if (!name) return;
    names.add(name);
    // Queued again for every function found by it: two functions may share a name
    // (`renderPage` in two modules), and the calls of the second are read too.
    queue.push(name);
  };
  for (const seed of seeds) mark(seed);
  const aliasesOf = new Map<string, string[]>();
  for (const file of files) {
    for (const [local, original] of file.aliases) {
      let list = aliasesOf.get(original);
      if (!list) aliasesOf.set(original, (list = []));
      list.push(local);
    }
  }
  while (queue.length > 0) {
    const name = queue.pop()!;
    for (const alias of aliasesOf.get(name) ?? []) {
      if (!names.has(alias)) {
        names.add(alias);
        queue.push(alias);
      }
    }
    for (const file of files) {
      for (const site of file.byName.get(name) ?? []) {
        if (!site.owner || found.has(site.owner)) continue;
        const target = resolveUserFunction(site.call);
        if (target && found.has(target)) mark(site.owner);
      }
    }
  }
  return reach;
}
