// Bundles the extension: the client (vscode external), the self-contained language
// server, the CLI, and the assets they load at run time. `tsc -b` typechecks; this
// only bundles. Pass --watch to rebuild on change. Every build is minified, as the
// release is, so that tests and benchmarks run what ships: half the source also
// halves start-up (reading it, and matching it against the compile cache, took
// about 0.3 s of each CLI run). `--no-minify` keeps the source readable for
// debugging; the source maps are there either way.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const minify = !process.argv.includes('--no-minify');

/** Node bundles. Each entry point becomes dist/<name>.js. */
const nodeEntries = {
  client: 'client/src/extension.ts',
  // The server and the CLI start through small launchers that load the big
  // bundles with V8's code cache (server/src/launch/compile-cache.ts).
  server: 'server/src/launch/server.ts',
  'server-main': 'server/src/server.ts',
  // The language server's analysis runs in this worker thread (lsp/analysis-thread.ts).
  'analysis-worker': 'server/src/analysis-worker.ts',
  cli: 'server/src/launch/cli.ts',
  'cli-main': 'server/src/cli.ts',
  // Profile Selection: the engine, loaded lazily by the client so that activation does
  // not pay for the TypeScript parser it uses, and the child process that runs user code.
  'profiler-engine': 'server/src/profiler/index.ts',
  'profiler-host': 'server/src/profiler/profiler-host.ts',
};

/** Browser bundles for webviews. Each entry point becomes dist/<name>.js. */
const webviewEntries = {
  'profile-webview': 'client/webview/main.ts',
};

const common = {
  bundle: true,
  sourcemap: true,
  minify,
  logLevel: 'warning',
  absWorkingDir: root,
};

/** Fails the build if a Node bundle still holds an `import()` (see `supported` below). */
const noDynamicImport = {
  name: 'loopwise-no-dynamic-import',
  setup(build) {
    build.onEnd((result) => {
      for (const [output, meta] of Object.entries(result.metafile?.outputs ?? {})) {
        const dynamic = (meta.imports ?? []).filter((i) => i.kind === 'dynamic-import');
        if (dynamic.length > 0) {
          throw new Error(`${output} keeps import() of ${dynamic.map((i) => i.path).join(', ')}; a code-cached script on Node 20 cannot run it`);
        }
      }
    });
  },
};

const contexts = [
  await esbuild.context({
    ...common,
    entryPoints: nodeEntries,
    outdir: 'dist',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // esbuild bundles the user's file at profile time, so it must ship beside dist/ in
    // node_modules (with its platform binary package) rather than be inlined.
    external: ['vscode', 'esbuild'],
    // One compiler in every bundle: the profiler's parser uses the copy ts-morph
    // ships, so the CLI does not load (and compile) two 9 MB TypeScripts.
    alias: { typescript: '@ts-morph/common/dist/typescript.js' },
    // ts-morph's bundled compiler probes for optional modules it does not need.
    mainFields: ['module', 'main'],
    // `import()` becomes `require()`: on Node 20 the CLI and the server run from a
    // vm.Script code cache, and V8 11.3 drops a cached script's dynamic-import
    // callback (server/src/launch/compile-cache.ts). Checked below.
    supported: { 'dynamic-import': false },
    metafile: true,
    plugins: [noDynamicImport],
  }),
];
if (Object.keys(webviewEntries).length > 0) {
  contexts.push(
    await esbuild.context({
      ...common,
      entryPoints: webviewEntries,
      outdir: 'dist',
      platform: 'browser',
      target: 'es2022',
      format: 'iife',
    }),
  );
}

/** Files copied verbatim into dist/ (wasm grammars and the like). */
const assets = [
  ['node_modules/tree-sitter-python/tree-sitter-python.wasm', 'tree-sitter-python.wasm'],
  ['node_modules/web-tree-sitter/web-tree-sitter.wasm', 'web-tree-sitter.wasm'],
  // The Python profiler's runner, run by the selected interpreter (server/src/profiler/python/run-python.ts),
  // and the modules it imports from its own folder (RUNNER_MODULES there; .vscodeignore allow-lists them).
  ['server/src/profiler/python/profile-runner.py', 'profile-runner.py'],
  // Every _loopwise_runner_*.py in that folder (profiler-runner-files.test.ts checks RUNNER_MODULES lists the same).
  ...readdirSync(join(root, 'server/src/profiler/python')).filter((f) => /^_loopwise_runner_\w+\.py$/.test(f)).map((f) => [`server/src/profiler/python/${f}`, f]),
  // The profiler host bundles user code at profile time. This machine's esbuild (its
  // postinstall leaves the native binary in bin/), so the .vsix is platform-specific.
  ['node_modules/esbuild/package.json', 'esbuild/package.json'],
  ['node_modules/esbuild/lib', 'esbuild/lib'],
  ['node_modules/esbuild/bin', 'esbuild/bin'],
];
mkdirSync(join(root, 'dist'), { recursive: true });
for (const [from, to] of assets) cpSync(join(root, from), join(root, 'dist', to), { recursive: true });

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
