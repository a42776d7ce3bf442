/**
 * A package's process entry points as its manifest and its launchers say: the
 * targets of the `bin` field of the nearest package.json, and the modules those
 * launchers start as Node processes of their own (`fork(__dirname +
 * '/../dist/cli.js')`, `spawn(process.execPath, [join(__dirname, 'cli.js')])`),
 * followed from launcher to launched. Such a module's one run is the command's
 * one run.
 *
 * A launcher may be a file the program does not include (`bin/typedoc` has no
 * extension), so it is parsed on its own here, and what it calls is found by its
 * bindings: `fork` counts only when it is bound to child_process's export
 * (`const { fork } = require('child_process')`, `import { fork } from
 * 'node:child_process'`, `cp.fork` with `cp = require('child_process')`). A
 * path counts only when it folds to a file anchored at the launcher's own folder
 * (`__dirname`, `__filename`, `import.meta.url`/`dirname`, `require.resolve('./…')`);
 * a bare relative string is relative to the working directory, which is not
 * known, so it names nothing.
 */
import { dirname, join, resolve } from 'node:path';
import { ts } from './compiler';

/** child_process exports that start a Node process on a module path: fork(path), and the rest with node as the command. */
const FORK = new Set(['fork']);
const SPAWN = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync']);
const CHILD_PROCESS = new Set(['child_process', 'node:child_process']);
const PATH_MODULES = new Set(['path', 'node:path']);
const PATH_JOINERS = new Set(['join', 'resolve']);
const URL_MODULES = new Set(['url', 'node:url']);
const FS_MODULES = new Set(['fs', 'node:fs']);
/** Launchers followed from one bin: enough for a bin that starts a CLI that starts a worker. */
const MAX_LAUNCHERS = 8;

const strip = (p: string) => p.replace(/\.[cm]?[jt]sx?$/, '');

export interface PackageManifest {
  dir: string;
  json: Record<string, unknown>;
}

/** The nearest package.json above a file (Node's package scope), or undefined. */
export function nearestManifest(fileName: string): PackageManifest | undefined {
  for (let dir = dirname(resolve(fileName)); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (ts.sys.fileExists(manifest)) {
      try {
        const json = JSON.parse(ts.sys.readFile(manifest) ?? '{}') as unknown;
        return json && typeof json === 'object' ? { dir, json: json as Record<string, unknown> } : undefined;
      } catch {
        return undefined;
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function binTargets(manifest: PackageManifest): string[] {
  const bin = manifest.json.bin;
  const targets = typeof bin === 'string' ? [bin] : bin && typeof bin === 'object' ? Object.values(bin) : [];
  return targets.filter((t): t is string => typeof t === 'string').map((t) => resolve(manifest.dir, t));
}

/** Whether the file is a `bin` target of its package. */
export function isBinTarget(fileName: string): boolean {
  const manifest = nearestManifest(fileName);
  if (!manifest) return false;
  const path = strip(resolve(fileName));
  return binTargets(manifest).some((t) => strip(t) === path);
}

/**
 * Whether the file is a process entry of its package: a `bin` target, or a
 * module that a bin target (or a module it launches, and so on) starts as a Node
 * process by a path anchored at the launcher's folder.
 */
export function isProcessEntry(fileName: string): boolean {
  const manifest = nearestManifest(fileName);
  if (!manifest) return false;
  const path = resolve(fileName);
  const queue = binTargets(manifest);
  const seen = new Set<string>();
  while (queue.length > 0 && seen.size < MAX_LAUNCHERS) {
    const launcher = queue.shift()!;
    if (seen.has(launcher)) continue;
    seen.add(launcher);
    if (strip(launcher) === strip(path)) return true;
    for (const launched of launchedModules(launcher)) if (!seen.has(launched)) queue.push(launched);
  }
  return false;
}

const launchedCache = new Map<string, { text: string; launched: string[] }>();

/** The module files a launcher starts as Node processes (existing files only). */
export function launchedModules(launcher: string): string[] {
  const text = ts.sys.fileExists(launcher) ? ts.sys.readFile(launcher) : undefined;
  if (text === undefined) return [];
  const cached = launchedCache.get(launcher);
  if (cached?.text === text) return cached.launched;
  let launched: string[] = [];
  // Only a file that names child_process can launch a process, and only one with `import(` loads a module by it.
  const launches = text.includes('child_process');
  const imports = text.includes('import(');
  if (launches || imports) {
    const kind = /\.(?:[cm]?ts|tsx)$/.test(launcher) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
    const source = ts.createSourceFile(launcher, text, ts.ScriptTarget.ESNext, true, kind);
    if (launches) launched = findLaunches(source).filter((p) => ts.sys.fileExists(p) || ts.sys.fileExists(p + '.js'));
    if (imports) launched.push(...dynamicallyImported(source));
  }
  launchedCache.set(launcher, { text, launched });
  return launched;
}

/**
 * The modules a launcher loads with a dynamic `import('./cli.mjs')` of a relative
 * specifier (relative to the launcher itself, as import specifiers are): a bin that
 * loads its CLI that way (to run an ES module from a CommonJS or extensionless bin)
 * runs that module as the command. The package's `main` or `exports` target is its
 * library, which others load too, and is not counted.
 */
function dynamicallyImported(source: ts.SourceFile): string[] {
  const folder = dirname(resolve(source.fileName));
  const manifest = nearestManifest(source.fileName);
  const library = new Set(manifest ? libraryEntries(manifest).map(strip) : []);
  const out: string[] = [];
  let bindings: Bindings | undefined;
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments.length >= 1) {
      const spec = node.arguments[0];
      let file: string | undefined;
      if (ts.isStringLiteralLike(spec) && /^\.\.?\//.test(spec.text)) file = resolve(folder, spec.text);
      else {
        // import(pathToFileURL(join(dirname(realpathSync(__filename)), '../dist/cli.js')).href): anchored at the launcher.
        const folded = foldPath((bindings ??= collectBindings(source)), spec, folder, source.fileName, 0);
        if (folded?.anchored) file = resolve(folded.value);
      }
      if (file && ts.sys.fileExists(file) && !library.has(strip(file))) out.push(file);
    }
    node.forEachChild(visit);
  };
  visit(source);
  return out;
}

/** The files a package's `main` and `exports` name (its library entry points). */
function libraryEntries(manifest: PackageManifest): string[] {
  const out: string[] = [];
  const add = (target: unknown) => {
    if (typeof target === 'string') out.push(resolve(manifest.dir, target));
    else if (Array.isArray(target)) target.forEach(add);
    else if (target && typeof target === 'object') Object.values(target).forEach(add);
  };
  add(manifest.json.main);
  add(manifest.json.exports);
  add(manifest.json.module);
  return out;
}

interface Bindings {
  /** Names bound to the child_process module itself. */
  childProcess: Set<string>;
  /** Local name → child_process export it is bound to. */
  launchers: Map<string, string>;
  pathModule: Set<string>;
  /** Local name → path export (join, resolve, dirname). */
  pathFunctions: Map<string, string>;
  fileURLToPath: Set<string>;
  /** Local names of url's `pathToFileURL` and fs's `realpathSync` (both keep a path where it is). */
  pathToFileURL: Set<string>;
  realpath: Set<string>;
  /** `const cli = join(__dirname, 'cli.js')` at any level: const bindings with an initializer. */
  constants: Map<string, ts.Expression>;
}

function moduleOf(expr: ts.Expression | undefined): string | undefined {
  if (!expr) return undefined;
  if (ts.isCallExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === 'require' &&
      expr.arguments.length === 1 && ts.isStringLiteralLike(expr.arguments[0])) return expr.arguments[0].text;
  return undefined;
}

function collectBindings(source: ts.SourceFile): Bindings {
  const b: Bindings = { childProcess: new Set(), launchers: new Map(), pathModule: new Set(), pathFunctions: new Map(), fileURLToPath: new Set(), pathToFileURL: new Set(), realpath: new Set(), constants: new Map() };
  const bindModule = (module: string, local: string) => {
    if (CHILD_PROCESS.has(module)) b.childProcess.add(local);
    else if (PATH_MODULES.has(module)) b.pathModule.add(local);
  };
  const bindExport = (module: string, exported: string, local: string) => {
    if (CHILD_PROCESS.has(module) && (FORK.has(exported) || SPAWN.has(exported))) b.launchers.set(local, exported);
    else if (PATH_MODULES.has(module)) b.pathFunctions.set(local, exported);
    else if (URL_MODULES.has(module) && exported === 'fileURLToPath') b.fileURLToPath.add(local);
    else if (URL_MODULES.has(module) && exported === 'pathToFileURL') b.pathToFileURL.add(local);
    else if (FS_MODULES.has(module) && exported === 'realpathSync') b.realpath.add(local);
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.importClause && !node.importClause.isTypeOnly) {
      const module = node.moduleSpecifier.text;
      const clause = node.importClause;
      if (clause.name) bindModule(module, clause.name.text);
      const named = clause.namedBindings;
      if (named && ts.isNamespaceImport(named)) bindModule(module, named.name.text);
      if (named && ts.isNamedImports(named)) {
        for (const spec of named.elements) bindExport(module, (spec.propertyName ?? spec.name).text, spec.name.text);
      }
    } else if (ts.isVariableDeclaration(node) && node.initializer) {
      const init = node.initializer;
      const module = moduleOf(init);
      // `require('child_process').fork`
      const member = ts.isPropertyAccessExpression(init) ? moduleOf(init.expression) : undefined;
      if (ts.isIdentifier(node.name)) {
        if (module !== undefined) bindModule(module, node.name.text);
        else if (member !== undefined && ts.isPropertyAccessExpression(init)) bindExport(member, init.name.text, node.name.text);
        else if (ts.getCombinedNodeFlags(node) & ts.NodeFlags.Const) b.constants.set(node.name.text, init);
      } else if (ts.isObjectBindingPattern(node.name) && module !== undefined) {
        for (const element of node.name.elements) {
          if (element.dotDotDotToken || !ts.isIdentifier(element.name)) continue;
          const exported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
          bindExport(module, exported, element.name.text);
        }
      }
    }
    node.forEachChild(visit);
  };
  visit(source);
  return b;
}

/** The child_process export a call invokes, by the file's bindings. */
function launcherOf(b: Bindings, call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return b.launchers.get(callee.text);
  if (ts.isPropertyAccessExpression(callee) && (FORK.has(callee.name.text) || SPAWN.has(callee.name.text))) {
    const receiver = callee.expression;
    if (ts.isIdentifier(receiver) && b.childProcess.has(receiver.text)) return callee.name.text;
    const module = moduleOf(receiver);
    if (module !== undefined && CHILD_PROCESS.has(module)) return callee.name.text;
  }
  return undefined;
}

/** `process.execPath`, or the command `node`: the child is a Node process. */
function isNodeCommand(expr: ts.Expression): boolean {
  if (ts.isStringLiteralLike(expr)) return expr.text === 'node';
  return ts.isPropertyAccessExpression(expr) && expr.name.text === 'execPath' && ts.isIdentifier(expr.expression) && expr.expression.text === 'process';
}

function findLaunches(source: ts.SourceFile): string[] {
  const b = collectBindings(source);
  const folder = dirname(resolve(source.fileName));
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const launcher = launcherOf(b, node);
      let script: ts.Expression | undefined;
      if (launcher && FORK.has(launcher)) script = node.arguments[0];
      else if (launcher && SPAWN.has(launcher) && node.arguments[0] && isNodeCommand(node.arguments[0])) {
        const args = node.arguments[1];
        // The first argument that is not a Node option is the script.
        if (args && ts.isArrayLiteralExpression(args)) script = args.elements.find((e) => !(ts.isStringLiteralLike(e) && e.text.startsWith('-')));
      }
      const path = script && !ts.isSpreadElement(script) ? foldPath(b, script, folder, source.fileName, 0) : undefined;
      if (path?.anchored) out.push(resolve(path.value));
    }
    node.forEachChild(visit);
  };
  visit(source);
  return out;
}

interface Folded {
  value: string;
  /** Derived from the launcher's own location, not from the working directory. */
  anchored: boolean;
}

function foldPath(b: Bindings, expr: ts.Expression, folder: string, file: string, depth: number): Folded | undefined {
  if (depth > 8) return undefined;
  const fold = (e: ts.Expression) => foldPath(b, e, folder, file, depth + 1);
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr)) expr = expr.expression;
  if (ts.isStringLiteralLike(expr)) return { value: expr.text, anchored: false };
  if (ts.isIdentifier(expr)) {
    if (expr.text === '__dirname') return { value: folder, anchored: true };
    if (expr.text === '__filename') return { value: file, anchored: true };
    const init = b.constants.get(expr.text);
    return init ? fold(init) : undefined;
  }
  if (ts.isPropertyAccessExpression(expr) && ts.isMetaProperty(expr.expression) && expr.expression.keywordToken === ts.SyntaxKind.ImportKeyword) {
    if (expr.name.text === 'dirname') return { value: folder, anchored: true };
    if (expr.name.text === 'filename') return { value: file, anchored: true };
    // import.meta.url is a URL: only `new URL('./x', import.meta.url)` and fileURLToPath() below read it.
    return undefined;
  }
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = fold(expr.left);
    const right = fold(expr.right);
    // A relative string added to an anchored one stays anchored; nothing else is.
    return left && right && !right.anchored ? { value: left.value + right.value, anchored: left.anchored } : undefined;
  }
  if (ts.isTemplateExpression(expr)) {
    let value = expr.head.text;
    let anchored = false;
    for (const [i, span] of expr.templateSpans.entries()) {
      const part = fold(span.expression);
      if (!part || (part.anchored && (i > 0 || expr.head.text !== ''))) return undefined;
      anchored ||= part.anchored;
      value += part.value + span.literal.text;
    }
    return { value, anchored };
  }
  if (ts.isCallExpression(expr)) {
    const callee = expr.expression;
    // path.join(__dirname, '..', 'dist', 'cli.js'), resolve(__dirname, 'cli.js')
    const pathFn = ts.isIdentifier(callee) ? b.pathFunctions.get(callee.text)
      : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && b.pathModule.has(callee.expression.text) ? callee.name.text : undefined;
    if (pathFn && PATH_JOINERS.has(pathFn) && expr.arguments.length > 0) {
      const parts = expr.arguments.map((a) => (ts.isSpreadElement(a) ? undefined : fold(a)));
      if (parts.some((p) => p === undefined) || !parts[0]!.anchored || parts.slice(1).some((p) => p!.anchored)) return undefined;
      const values = parts.map((p) => p!.value);
      return { value: pathFn === 'join' ? join(...values) : resolve(...values), anchored: true };
    }
    if (pathFn === 'dirname' && expr.arguments.length === 1) {
      const inner = fold(expr.arguments[0]);
      return inner?.anchored ? { value: dirname(inner.value), anchored: true } : undefined;
    }
    // require.resolve('./cli.js'): relative to the launcher.
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'resolve' && ts.isIdentifier(callee.expression) && callee.expression.text === 'require' &&
        expr.arguments.length === 1 && ts.isStringLiteralLike(expr.arguments[0]) && /^\.\.?\//.test(expr.arguments[0].text)) {
      return { value: resolve(folder, expr.arguments[0].text), anchored: true };
    }
    // realpathSync(__filename) is the launcher itself (its link resolved); pathToFileURL(p) is p as a URL.
    if (ts.isIdentifier(callee) && (b.realpath.has(callee.text) || b.pathToFileURL.has(callee.text)) && expr.arguments.length === 1) return fold(expr.arguments[0]);
    // fileURLToPath(new URL('./cli.js', import.meta.url))
    if (ts.isIdentifier(callee) && b.fileURLToPath.has(callee.text) && expr.arguments.length === 1) {
      const arg = expr.arguments[0];
      return isImportMetaUrl(arg) ? { value: file, anchored: true } : fold(arg);
    }
  }
  // pathToFileURL(p).href: the URL's text, which import() takes.
  if (ts.isPropertyAccessExpression(expr) && expr.name.text === 'href' && ts.isCallExpression(expr.expression) && ts.isIdentifier(expr.expression.expression) &&
      b.pathToFileURL.has(expr.expression.expression.text)) return fold(expr.expression);
  // new URL('../dist/cli.js', import.meta.url): fork takes a URL too.
  if (ts.isNewExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === 'URL' && expr.arguments?.length === 2) {
    const [relative, base] = expr.arguments;
    if (ts.isStringLiteralLike(relative) && /^\.\.?\//.test(relative.text) && isImportMetaUrl(base)) {
      return { value: resolve(folder, relative.text), anchored: true };
    }
  }
  return undefined;
}

function isImportMetaUrl(expr: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(expr) && expr.name.text === 'url' && ts.isMetaProperty(expr.expression) &&
    expr.expression.keywordToken === ts.SyntaxKind.ImportKeyword;
}

/**
 * The files a package runs or hands out, as its manifest says: `main`, `exports`,
 * `module`, the `bin` targets and the modules they launch, and the files its
 * `scripts` run with `node` (`"start": "node server.js"`).
 */
export function packageEntryFiles(manifest: PackageManifest): { library: string[]; all: string[] } {
  const library = libraryEntries(manifest);
  const out = [...library];
  const queue = binTargets(manifest);
  const seen = new Set<string>();
  while (queue.length > 0 && seen.size < MAX_LAUNCHERS) {
    const launcher = queue.shift()!;
    if (seen.has(launcher)) continue;
    seen.add(launcher);
    out.push(launcher);
    for (const launched of launchedModules(launcher)) if (!seen.has(launched)) queue.push(launched);
  }
  const scripts = manifest.json.scripts;
  if (scripts && typeof scripts === 'object') {
    for (const command of Object.values(scripts)) {
      if (typeof command !== 'string') continue;
      for (const m of command.matchAll(/(?:^|[\s;&|])(?:node|tsx|ts-node)\s+(?:-\S+\s+)*([^\s;&|'"-][^\s;&|'"]*)/g)) out.push(resolve(manifest.dir, m[1]));
    }
  }
  return { library, all: out };
}
