/**
 * A package's runtime: the modules its entry points (process-entries.ts
 * packageEntryFiles: `main`, `exports`, `bin` and what it launches, `node` scripts)
 * import, directly or through each other (`import`, `export … from`, `require()`,
 * `import('./x')`). A module of the package outside it (a CI script such as
 * `scripts/issueBot.mjs`, a maintainer's tool) is not what the package runs: what
 * it exports is called by whoever runs the script, once per run, not by the
 * package's own requests.
 *
 * Known only when the package's manifest names a library entry (`main`, `exports`,
 * `module`) that is in the program; a package whose entries are not in the program (a
 * TypeScript source tree whose `main` is the unbuilt `dist/index.js`), or that has only
 * bins (whose other modules anyone may require by path), has every module in its
 * runtime, as far as this reading goes.
 */
import { dirname, resolve, sep } from 'node:path';
import { ts } from './compiler';
import { nearestManifest, packageEntryFiles } from './process-entries';

const EXTENSIONS = ['', '.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.tsx', '/index.js', '/index.ts', '/index.mjs'];

interface Runtime {
  dir: string;
  /** Files of the program the package's entry points reach; undefined when not known. */
  reached: Set<string> | undefined;
}

const runtimes = new WeakMap<ts.Program, Map<string, Runtime>>();

/** Whether `file` belongs to a package whose entry points are known, and none of them reaches it. */
export function isOutsidePackageRuntime(program: ts.Program, file: ts.SourceFile): boolean {
  const manifest = nearestManifest(file.fileName);
  if (!manifest) return false;
  let byDir = runtimes.get(program);
  if (!byDir) runtimes.set(program, (byDir = new Map()));
  let runtime = byDir.get(manifest.dir);
  if (!runtime) byDir.set(manifest.dir, (runtime = { dir: manifest.dir, reached: reachedFrom(program, packageEntryFiles(manifest)) }));
  return runtime.reached !== undefined && !runtime.reached.has(resolve(file.fileName));
}

function reachedFrom(program: ts.Program, entries: { library: string[]; all: string[] }): Set<string> | undefined {
  const files = new Map<string, ts.SourceFile>();
  for (const f of program.getSourceFiles()) if (!f.isDeclarationFile) files.set(resolve(f.fileName), f);
  const find = (path: string): string | undefined => EXTENSIONS.map((e) => path + e).find((p) => files.has(p));
  // A package with no library entry in the program (only bins: any module may be required by its path) is not read.
  if (!entries.library.some((e) => find(e) !== undefined)) return undefined;
  const queue = entries.all.map(find).filter((p): p is string => p !== undefined);
  const reached = new Set<string>();
  while (queue.length > 0) {
    const path = queue.pop()!;
    if (reached.has(path)) continue;
    reached.add(path);
    const file = files.get(path)!;
    for (const spec of relativeSpecifiers(file)) {
      const target = find(resolve(dirname(path), spec).replace(/\.js$/, '')) ?? find(resolve(dirname(path), spec));
      if (target && !reached.has(target)) queue.push(target);
    }
  }
  return reached;
}

/** The relative module specifiers a file imports, requires or exports from. */
function relativeSpecifiers(file: ts.SourceFile): string[] {
  const out: string[] = [];
  const add = (spec: ts.Expression | undefined) => {
    if (spec && ts.isStringLiteralLike(spec) && /^\.\.?(?:\/|$)/.test(spec.text)) out.push(spec.text.split('/').join(sep));
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || ts.isIdentifier(node.expression) && node.expression.text === 'require')) add(node.arguments[0]);
    node.forEachChild(visit);
  };
  visit(file);
  return out;
}
