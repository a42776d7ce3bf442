/**
 * Modules that a worker pool or a worker thread loads as its task: the file handed
 * as `new Piscina({ filename })` / `pool.run(task, { filename })` (piscina, tinypool),
 * `workerpool.pool(script)`, or `new Worker(file)` (worker_threads, or a web Worker).
 * The pool runs such a module on its own threads, not on the main event loop, so
 * blocking or CPU-heavy work there is where it belongs, whether or not the module
 * itself mentions `parentPort` (a piscina task module only exports a function).
 *
 * The pool is known by the package that declares its class or function (the
 * checker's declaration, in node_modules or in the package's own source, read from
 * the nearest package.json), or by the import specifier when there are no types;
 * the file by folding the argument: a string, `path.resolve(__dirname, 'w.js')`,
 * `new URL('./w.js', import.meta.url)` (and its `.href`), `fileURLToPath(…)`,
 * `require.resolve('./w')`, or a `const` holding one of these. A path that cannot be
 * folded names no module.
 */
import { dirname, join, resolve } from 'node:path';
import { ts } from './compiler';
import { aliasTarget, calleeName, requiredModule, skipOuterExpressions, walk } from './ast';
import { originPackageOf, packageOfFile, resolveCallee } from './callee';
import { importersOf } from './export-uses';

/** Pool packages whose constructor (or `run`) takes `{ filename }`. */
const FILENAME_POOLS = new Set(['piscina', 'tinypool']);

const byProgram = new WeakMap<ts.Program, Set<string>>();

/**
 * Whether a worker pool or `new Worker(…)` somewhere in the program loads `sourceFile`
 * as its task, and no module imports or requires it: a task module that main-thread
 * code also imports may run there too (a fallback without the pool, a direct call).
 */
export function isPoolTaskModule(checker: ts.TypeChecker, program: ts.Program, sourceFile: ts.SourceFile): boolean {
  let stems = byProgram.get(program);
  if (!stems) byProgram.set(program, (stems = collectTaskFiles(checker, program)));
  if (stems.size === 0 || !stems.has(stem(sourceFile.fileName))) return false;
  return importersOf(checker, program, sourceFile).every((f) => f === sourceFile);
}

function stem(fileName: string): string {
  return resolve(fileName).replace(/\.(?:d\.)?[cm]?[jt]sx?$/, '');
}

function collectTaskFiles(checker: ts.TypeChecker, program: ts.Program): Set<string> {
  const out = new Set<string>();
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || file.fileName.includes('/node_modules/')) continue;
    if (!/\bWorker\b|[Pp]iscina|[Tt]inypool|workerpool/.test(file.text)) continue;
    walk(file, (node) => {
      if (ts.isNewExpression(node) || ts.isCallExpression(node)) {
        for (const arg of taskFileArguments(checker, program, node)) {
          const path = foldPath(checker, arg, file.fileName, 0);
          if (path) out.add(stem(path));
        }
      }
      return true;
    });
  }
  return out;
}

/** The arguments of a pool or worker construction that name its task file. */
function taskFileArguments(checker: ts.TypeChecker, program: ts.Program, node: ts.NewExpression | ts.CallExpression): ts.Expression[] {
  const name = calleeName(node);
  const args = node.arguments ?? [];
  if (!name || args.length === 0) return [];
  const filenameOf = (options: ts.Expression | undefined) => {
    const o = options && skipOuterExpressions(options);
    if (!o || !ts.isObjectLiteralExpression(o)) return [];
    for (const prop of o.properties) {
      if (prop.name && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name)) && prop.name.text === 'filename') {
        if (ts.isPropertyAssignment(prop)) return [prop.initializer];
        if (ts.isShorthandPropertyAssignment(prop)) return [prop.name];
      }
    }
    return [];
  };
  if (ts.isNewExpression(node)) {
    const pkg = declaringPackage(checker, node.expression);
    if (pkg && FILENAME_POOLS.has(pkg)) return filenameOf(args[0]);
    if (name === 'Worker') {
      const target = resolveCallee(checker, program, node);
      const threads = target.kind === 'module-export' && target.module === 'worker_threads';
      // The DOM's Worker (a web worker) runs off the main thread too.
      const web = isDefaultLibraryDeclaration(checker, program, node.expression);
      if (threads || web) return [args[0]];
    }
    return [];
  }
  const callee = skipOuterExpressions(node.expression);
  if (name === 'run' && ts.isPropertyAccessExpression(callee)) {
    const pkg = declaringPackage(checker, callee.expression, true);
    if (pkg && FILENAME_POOLS.has(pkg)) return filenameOf(args[1]);
  }
  if (name === 'pool') {
    const target = resolveCallee(checker, program, node);
    if (target.kind === 'module-export' && target.module === 'workerpool') return [args[0]];
  }
  return [];
}

/** The package that declares what an expression names (or, with `ofType`, its value's type). */
function declaringPackage(checker: ts.TypeChecker, expr: ts.Expression, ofType = false): string | undefined {
  const node = skipOuterExpressions(expr);
  let symbol: ts.Symbol | undefined;
  if (ofType) {
    const type = checker.getTypeAtLocation(node);
    symbol = type.aliasSymbol ?? type.getSymbol();
  } else {
    symbol = aliasTarget(checker, checker.getSymbolAtLocation(ts.isPropertyAccessExpression(node) ? node.name : node));
  }
  const file = (symbol?.valueDeclaration ?? symbol?.declarations?.[0])?.getSourceFile().fileName;
  const fromDeclaration = file ? packageNameOfFile(file) : undefined;
  if (fromDeclaration) return fromDeclaration;
  // No types: the import or require specifier, e.g. `const Piscina = require('piscina')`.
  return ofType ? undefined : originPackageOf(checker, node);
}

function isDefaultLibraryDeclaration(checker: ts.TypeChecker, program: ts.Program, expr: ts.Expression): boolean {
  const node = skipOuterExpressions(expr);
  if (!ts.isIdentifier(node)) return false;
  const decl = checker.getSymbolAtLocation(node)?.declarations?.[0];
  return decl !== undefined && program.isSourceFileDefaultLibrary(decl.getSourceFile());
}

const manifestNames = new Map<string, string | undefined>();

/** `node_modules/piscina/dist/index.d.ts` → piscina; a package's own source → its package.json name. */
export function packageNameOfFile(fileName: string): string | undefined {
  const fromPath = packageOfFile(fileName);
  if (fromPath) return fromPath;
  const chain: string[] = [];
  for (let dir = dirname(resolve(fileName)); ; dir = dirname(dir)) {
    const known = manifestNames.get(dir);
    if (known !== undefined || manifestNames.has(dir)) {
      for (const d of chain) manifestNames.set(d, known);
      return known;
    }
    chain.push(dir);
    const manifest = join(dir, 'package.json');
    if (ts.sys.fileExists(manifest)) {
      let name: string | undefined;
      try {
        const parsed = JSON.parse(ts.sys.readFile(manifest) ?? '{}') as { name?: unknown };
        name = typeof parsed.name === 'string' ? parsed.name : undefined;
      } catch {
        name = undefined;
      }
      for (const d of chain) manifestNames.set(d, name);
      return name;
    }
    if (dirname(dir) === dir) {
      for (const d of chain) manifestNames.set(d, undefined);
      return undefined;
    }
  }
}

/** The file a path expression names, folded from literals and the module's own location. */
function foldPath(checker: ts.TypeChecker, expr: ts.Expression, fromFile: string, depth: number): string | undefined {
  if (depth > 4) return undefined;
  const node = skipOuterExpressions(expr);
  const dir = dirname(fromFile);
  if (ts.isStringLiteralLike(node)) {
    if (node.text.startsWith('file://')) return safeFileUrl(node.text);
    return resolve(dir, node.text);
  }
  const text = node.getText();
  if (text === '__filename' || text === 'import.meta.filename' || text === 'import.meta.url') return fromFile;
  if (text === '__dirname' || text === 'import.meta.dirname') return dir;
  // `new URL('./w.js', import.meta.url).href`, `.pathname`
  if (ts.isPropertyAccessExpression(node) && (node.name.text === 'href' || node.name.text === 'pathname')) {
    return foldPath(checker, node.expression, fromFile, depth + 1);
  }
  if (ts.isIdentifier(node)) {
    const decl = checker.getSymbolAtLocation(node)?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isVariableDeclarationList(decl.parent) &&
        decl.parent.flags & ts.NodeFlags.Const) {
      return foldPath(checker, decl.initializer, decl.getSourceFile().fileName, depth + 1);
    }
    return undefined;
  }
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    const name = calleeName(node);
    const args = node.arguments ?? [];
    if ((name === 'join' || name === 'resolve') && args.length >= 1 && !(ts.isPropertyAccessExpression(node.expression) &&
        node.expression.expression.getText() === 'require')) {
      const parts = args.map((a) => (ts.isStringLiteralLike(skipOuterExpressions(a)) ? (skipOuterExpressions(a) as ts.StringLiteral).text : foldPath(checker, a, fromFile, depth + 1)));
      if (parts.some((p) => p === undefined)) return undefined;
      const first = parts[0]!;
      // Only a path anchored at this module (or an absolute one): a bare relative join is relative to the cwd.
      if (!first.startsWith('/')) return undefined;
      return name === 'join' ? join(...(parts as string[])) : resolve(...(parts as string[]));
    }
    if (name === 'URL' && ts.isNewExpression(node) && args.length === 2 && ts.isStringLiteralLike(skipOuterExpressions(args[0]))) {
      const base = foldPath(checker, args[1], fromFile, depth + 1);
      return base ? resolve(dirname(base), (skipOuterExpressions(args[0]) as ts.StringLiteral).text) : undefined;
    }
    if (name === 'fileURLToPath' && args[0]) return foldPath(checker, args[0], fromFile, depth + 1);
    // `require.resolve('./w')`: relative to this module.
    if (name === 'resolve' && ts.isPropertyAccessExpression(node.expression) && node.expression.expression.getText() === 'require' &&
        args[0] && ts.isStringLiteralLike(args[0])) {
      return requiredModule(node) === undefined ? resolve(dir, args[0].text) : undefined;
    }
  }
  return undefined;
}

function safeFileUrl(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
}
