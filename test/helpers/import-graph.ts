/**
 * The import graph of the repo's own TypeScript, read with the compiler's
 * pre-processor (every `import`, `import type`, `export … from`, `require` and
 * `import()`), and the two checks the layering test makes on it: cycles, and
 * imports that go up or across the server's layers.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

/** Module (repo-relative path, `/`-separated) → the modules and packages it imports. */
export interface ImportGraph {
  /** Internal edges: repo-relative paths of imported modules. */
  modules: Map<string, string[]>;
  /** Bare specifiers (packages), per module. */
  packages: Map<string, string[]>;
}

function sourceFiles(dir: string, out: string[]): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (entry !== 'node_modules') sourceFiles(path, out);
    } else if (/\.(?:ts|tsx|mts|cts)$/.test(entry) && !entry.endsWith('.d.ts')) {
      out.push(path);
    }
  }
  return out;
}

function resolveRelative(fromFile: string, spec: string): string | undefined {
  const base = resolve(dirname(fromFile), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  // `./x.js` written for ESM output names `./x.ts`.
  const ts = base.replace(/\.[cm]?js$/, '.ts');
  return ts !== base && existsSync(ts) ? ts : undefined;
}

/** The graph of every source file under `dirs` (repo-relative folders). */
export function readImportGraph(repoRoot: string, dirs: readonly string[]): ImportGraph {
  const graph: ImportGraph = { modules: new Map(), packages: new Map() };
  for (const dir of dirs) {
    for (const file of sourceFiles(join(repoRoot, dir), [])) {
      const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      const key = relative(repoRoot, file).split('\\').join('/');
      const modules: string[] = [];
      const packages: string[] = [];
      for (const { fileName: spec } of info.importedFiles) {
        if (spec.startsWith('.')) {
          const target = resolveRelative(file, spec);
          // Only the repo's TypeScript is a module here (a JSON or wasm asset is not).
          if (target && /\.tsx?$/.test(target)) modules.push(relative(repoRoot, target).split('\\').join('/'));
        } else {
          packages.push(spec);
        }
      }
      graph.modules.set(key, [...new Set(modules)]);
      graph.packages.set(key, [...new Set(packages)]);
    }
  }
  return graph;
}

/** The import cycles: each strongly connected set of two or more modules (or one that imports itself), sorted. */
export function findCycles(modules: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm, iterative so that a long chain cannot overflow the stack.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  for (const start of modules.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const edges = modules.get(frame.node) ?? [];
      if (frame.next < edges.length) {
        const to = edges[frame.next++];
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const members: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          members.push(member);
        } while (member !== frame.node);
        if (members.length > 1 || edges.includes(frame.node)) cycles.push(members.sort());
      }
    }
  }
  return cycles.sort((a, b) => a[0].localeCompare(b[0]));
}

/**
 * The server's layers, bottom up, and what each may import besides itself.
 * `protocol.ts` is shared with the client and imports nothing of ours. The
 * engine dispatches; it is handed its backends and rules by the composition root
 * (`analysis.ts`, used by `server.ts` and `cli.ts`), so it imports no rule.
 */
export const LAYERS: readonly { name: string; prefix: string; mayImport: readonly string[] }[] = [
  { name: 'protocol', prefix: 'server/src/protocol.ts', mayImport: [] },
  { name: 'core', prefix: 'server/src/core/', mayImport: ['protocol'] },
  { name: 'lang/ts', prefix: 'server/src/lang/ts/', mayImport: ['protocol', 'core'] },
  { name: 'lang/python', prefix: 'server/src/lang/python/', mayImport: ['protocol', 'core'] },
  { name: 'rules', prefix: 'server/src/rules/', mayImport: ['protocol', 'core', 'lang/ts', 'lang/python'] },
  { name: 'engine', prefix: 'server/src/engine/', mayImport: ['protocol', 'core', 'lang/ts', 'lang/python'] },
];

function layerOf(module: string): string | undefined {
  return LAYERS.find((l) => (l.prefix.endsWith('/') ? module.startsWith(l.prefix) : module === l.prefix))?.name;
}

/** Imports that leave a module's layer for one it may not import: `from → to (layer → layer)`. */
export function layerViolations(modules: ReadonlyMap<string, readonly string[]>): string[] {
  const out: string[] = [];
  for (const [from, targets] of modules) {
    const layer = LAYERS.find((l) => l.name === layerOf(from));
    if (!layer) continue;
    for (const to of targets) {
      const target = layerOf(to);
      if (target === layer.name) continue;
      if (target === undefined || !layer.mayImport.includes(target)) out.push(`${from} → ${to} (${layer.name} → ${target ?? 'outside the layers'})`);
    }
  }
  return out.sort();
}

/** Modules outside `client/` that import `vscode`. */
export function vscodeImportsOutsideClient(packages: ReadonlyMap<string, readonly string[]>): string[] {
  return [...packages].filter(([file, specs]) => !file.startsWith('client/') && specs.includes('vscode')).map(([file]) => file).sort();
}
