/**
 * Which typed arrays are views over a `SharedArrayBuffer` that another thread
 * also sees. The main side shares a buffer through `new Worker(file, { workerData })`
 * or `worker.postMessage`; the worker side reads it from `workerData`. Spawn
 * sites are collected once per program so that a worker file knows what its
 * spawner passed it, even from another file.
 */
import { dirname, join, resolve } from 'node:path';
import { ts } from './compiler';
import { calleeName, skipOuterExpressions, walk } from './ast';
import type { TsProjectIndex } from './project-index';

export const ATOMIC_VIEWS = new Set(['Int8Array', 'Uint8Array', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array']);
export const TYPED_ARRAYS = new Set([...ATOMIC_VIEWS, 'Float16Array', 'Float32Array', 'Float64Array', 'Uint8ClampedArray']);

export interface SpawnSite {
  /** The `new Worker(…)` or `postMessage(…)` call. */
  node: ts.Node;
  /** The worker file it starts, if it could be resolved (postMessage: unknown). */
  workerFile?: string;
  /** Property paths of `workerData` that hold shared memory: `''` is workerData itself, `'sab'` is workerData.sab. */
  sharedPaths: Set<string>;
  /** Main-side symbols whose memory is shared here (buffers and views). */
  sharedSymbols: Set<ts.Symbol>;
}

function typeName(checker: ts.TypeChecker, expr: ts.Expression): string {
  try {
    return checker.getTypeAtLocation(expr).getSymbol()?.getName() ?? '';
  } catch {
    return '';
  }
}

function isNew(expr: ts.Expression, names: Set<string> | string): string | undefined {
  const node = skipOuterExpressions(expr);
  if (!ts.isNewExpression(node)) return undefined;
  const name = calleeName(node);
  if (!name) return undefined;
  return (typeof names === 'string' ? name === names : names.has(name)) ? name : undefined;
}

/** The variable a simple `const x = …` declaration initialiser belongs to. */
function declaredSymbol(checker: ts.TypeChecker, expr: ts.Node): ts.Symbol | undefined {
  const parent = expr.parent;
  if (parent && ts.isVariableDeclaration(parent) && parent.initializer === expr && ts.isIdentifier(parent.name)) {
    return checker.getSymbolAtLocation(parent.name);
  }
  return undefined;
}

function symbolOf(checker: ts.TypeChecker, expr: ts.Expression): ts.Symbol | undefined {
  const node = skipOuterExpressions(expr);
  if (!ts.isIdentifier(node)) return undefined;
  const symbol = checker.getSymbolAtLocation(node);
  if (symbol && ts.isShorthandPropertyAssignment(node.parent)) return checker.getShorthandAssignmentValueSymbol(node.parent) ?? symbol;
  return symbol;
}

/** Whether an expression is shared memory: a SharedArrayBuffer, or a typed-array view over one. */
function isSharedMemory(checker: ts.TypeChecker, expr: ts.Expression, depth = 0): boolean {
  const node = skipOuterExpressions(expr);
  if (typeName(checker, node) === 'SharedArrayBuffer' || isNew(node, 'SharedArrayBuffer')) return true;
  if (depth > 3) return false;
  if (isNew(node, TYPED_ARRAYS)) {
    const arg = (node as ts.NewExpression).arguments?.[0];
    return !!arg && isSharedMemory(checker, arg, depth + 1);
  }
  if (ts.isPropertyAccessExpression(node) && node.name.text === 'buffer') return isSharedMemory(checker, node.expression, depth + 1);
  if (ts.isIdentifier(node)) {
    const decl = symbolOf(checker, node)?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) return isSharedMemory(checker, decl.initializer, depth + 1);
  }
  return false;
}

/** Walks `workerData`'s initialiser: the paths and symbols that carry shared memory. */
function collectShared(checker: ts.TypeChecker, expr: ts.Expression, path: string, site: SpawnSite, depth = 0): void {
  const node = skipOuterExpressions(expr);
  if (depth > 4) return;
  if (ts.isObjectLiteralExpression(node)) {
    for (const prop of node.properties) {
      if (ts.isPropertyAssignment(prop) && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name))) {
        collectShared(checker, prop.initializer, path ? `${path}.${prop.name.text}` : prop.name.text, site, depth + 1);
      } else if (ts.isShorthandPropertyAssignment(prop)) {
        collectShared(checker, prop.name, path ? `${path}.${prop.name.text}` : prop.name.text, site, depth + 1);
      }
    }
    return;
  }
  if (ts.isArrayLiteralExpression(node)) {
    node.elements.forEach((e) => collectShared(checker, e, path, site, depth + 1));
    return;
  }
  if (!isSharedMemory(checker, node)) return;
  site.sharedPaths.add(path);
  const symbol = symbolOf(checker, node);
  if (symbol) {
    site.sharedSymbols.add(symbol);
    // A view over a shared buffer shares the buffer too, and the other way round.
    const decl = symbol.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) {
      const init = skipOuterExpressions(decl.initializer);
      if (ts.isNewExpression(init) && init.arguments?.[0]) {
        const base = symbolOf(checker, init.arguments[0]);
        if (base) site.sharedSymbols.add(base);
      }
    }
  }
}

/** `'./worker.js'`, `path.join(__dirname, 'worker.js')`, `new URL('./w.js', import.meta.url)`, `__filename`. */
function workerFileOf(arg: ts.Expression | undefined, fromFile: string): string | undefined {
  if (!arg) return undefined;
  const node = skipOuterExpressions(arg);
  const dir = dirname(fromFile);
  const text = node.getText();
  if (text === '__filename' || /^import\.meta\.filename$/.test(text) || /^fileURLToPath\(import\.meta\.url\)$/.test(text) ||
      /^new URL\(import\.meta\.url\)$/.test(text) || text === 'import.meta.url') return fromFile;
  if (ts.isStringLiteralLike(node)) return resolve(dir, node.text);
  if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments) {
    const args = node.arguments;
    const name = calleeName(node);
    if ((name === 'join' || name === 'resolve') && args.length >= 2 && /^(?:__dirname|import\.meta\.dirname)$/.test(args[0].getText()) &&
        args.slice(1).every(ts.isStringLiteralLike)) {
      return join(dir, ...args.slice(1).map((a) => (a as ts.StringLiteral).text));
    }
    if (name === 'URL' && args.length === 2 && ts.isStringLiteralLike(args[0]) && args[1].getText() === 'import.meta.url') {
      return resolve(dir, args[0].text);
    }
    if (name === 'fileURLToPath' && args[0]) return workerFileOf(args[0], fromFile);
  }
  return undefined;
}

function isWorkerClass(index: TsProjectIndex, call: ts.NewExpression): boolean {
  if (calleeName(call) !== 'Worker') return false;
  const target = index.resolveCallee(call);
  if (target.kind === 'module-export') return target.module === 'worker_threads';
  // `Worker` with no type information: trust the name when the file mentions worker_threads.
  return target.kind === 'unknown' && /worker_threads/.test(call.getSourceFile().text);
}

function spawnSitesOf(index: TsProjectIndex, sourceFile: ts.SourceFile): SpawnSite[] {
  const checker = index.checker;
  const sites: SpawnSite[] = [];
  if (!/\bWorker\b|postMessage/.test(sourceFile.text)) return sites;
  walk(sourceFile, (node) => {
    if (ts.isNewExpression(node) && isWorkerClass(index, node)) {
      const site: SpawnSite = { node, workerFile: workerFileOf(node.arguments?.[0], sourceFile.fileName), sharedPaths: new Set(), sharedSymbols: new Set() };
      const options = node.arguments?.[1] && skipOuterExpressions(node.arguments[1]);
      if (options && ts.isObjectLiteralExpression(options)) {
        for (const prop of options.properties) {
          if (prop.name && prop.name.getText() === 'workerData') {
            const value = ts.isPropertyAssignment(prop) ? prop.initializer : ts.isShorthandPropertyAssignment(prop) ? prop.name : undefined;
            if (value) collectShared(checker, value, '', site);
          }
        }
      }
      sites.push(site);
    } else if (ts.isCallExpression(node) && calleeName(node) === 'postMessage' && node.arguments[0]) {
      const site: SpawnSite = { node, sharedPaths: new Set(), sharedSymbols: new Set() };
      collectShared(checker, node.arguments[0], '', site);
      if (site.sharedSymbols.size > 0) sites.push(site);
    }
    return true;
  });
  return sites;
}

export class SharedMemoryIndex {
  private sitesByFile?: Map<string, SpawnSite[]>;

  constructor(readonly index: TsProjectIndex, readonly program: ts.Program) {}

  /** Every spawn site in the program. */
  private allSites(): Map<string, SpawnSite[]> {
    if (!this.sitesByFile) {
      const map = new Map<string, SpawnSite[]>();
      for (const sf of this.program.getSourceFiles()) {
        if (sf.isDeclarationFile || sf.fileName.includes('/node_modules/')) continue;
        const sites = spawnSitesOf(this.index, sf);
        if (sites.length > 0) map.set(sf.fileName, sites);
      }
      this.sitesByFile = map;
    }
    return this.sitesByFile;
  }

  sitesIn(fileName: string): SpawnSite[] {
    return this.allSites().get(fileName) ?? [];
  }

  /** The spawn sites that start `fileName` as a worker. */
  spawnersOf(fileName: string): SpawnSite[] {
    const stem = fileName.replace(/\.[cm]?[jt]sx?$/, '');
    const out: SpawnSite[] = [];
    for (const sites of this.allSites().values()) {
      for (const site of sites) {
        if (site.workerFile && site.workerFile.replace(/\.[cm]?[jt]sx?$/, '') === stem) out.push(site);
      }
    }
    return out;
  }
}

/** The shared-memory sites of the index's current program. */
export function sharedMemoryIndexOf(index: TsProjectIndex): SharedMemoryIndex {
  return index.perProgram(SharedMemoryIndex, (program) => new SharedMemoryIndex(index, program));
}

export { isSharedMemory, symbolOf, isNew };
