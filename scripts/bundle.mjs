// Bundles the extension: the client (vscode external), the self-contained language
// server, the CLI, and the assets they load at run time. `tsc -b` typechecks; this
// only bundles. Pass --watch to rebuild on change. Every build is minified, as the
// release is, so that tests and benchmarks run what ships: half the source also
// halves start-up (reading it, and matching it against the compile cache, took
// about 0.3 s of each CLI run). `--no-minify` keeps the source readable for
// debugging; the source maps are there either way.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
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

/**
 * Two changes to how ts-morph has the compiler parse a file, made where its
 * DocumentRegistry parses one (it exposes neither):
 * - A file already in the registry is re-parsed incrementally from the old tree
 *   (the compiler's own incremental parser, as tsserver uses on every keystroke),
 *   instead of from scratch: an edit in a 2,000-line file re-parses one statement.
 * - JSDoc is parsed only where it carries types, in JavaScript
 *   (JSDocParsingMode.ParseForTypeInfo, as tsc itself skips it): Node's and the
 *   language's declaration files are mostly documentation comments.
 * - Declaration files are parsed without parent pointers, as tsc parses every
 *   file: the binder sets them when the checker is made, and nothing of
 *   Loopwise's walks a declaration file before that. The extra pass over each
 *   tree was about 3 % of a full scan, half of it on Node's and the language's
 *   declarations.
 * And one to the compiler: a program rebuilt after an edit keeps the old
 * program's cache of package.json lookups. Without it, every edit looked up the
 * package.json of each of the hundreds of declaration files under node_modules
 * again. The server starts over (TypeScriptBackend.reset) when a package.json
 * changes.
 * The build fails if ts-morph's or the compiler's code no longer matches, rather
 * than silently shipping without the change.
 */
const tsMorphParsing = {
  name: 'loopwise-ts-morph-parsing',
  setup(build) {
    build.onLoad({ filter: /[\\/]@ts-morph[\\/]common[\\/]dist[\\/]ts-morph-common\.js$/ }, (args) => {
      const original = readFileSync(args.path, 'utf8');
      const target = `    #updateSourceFile(fileName, compilationSettings, scriptSnapshot, version, scriptKind) {
        const newSourceFile = createCompilerSourceFile(fileName, scriptSnapshot, compilationSettings.target, version, true, scriptKind);`;
      if (!original.includes(target)) throw new Error(`${args.path}: DocumentRegistry#updateSourceFile has changed; update ${fileURLToPath(import.meta.url)}`);
      const patched = original.replace(target, `    #updateSourceFile(fileName, compilationSettings, scriptSnapshot, version, scriptKind) {
        const newSourceFile = loopwiseReparse(this.#sourceFileCacheByFilePath.get(fileName), scriptSnapshot, version, scriptKind)
            ?? createCompilerSourceFile(fileName, scriptSnapshot, { languageVersion: compilationSettings.target ?? ts__namespace.ScriptTarget.Latest, jsDocParsingMode: ts__namespace.JSDocParsingMode.ParseForTypeInfo }, version, !/\\.d\\.[cm]?ts$/i.test(fileName), scriptKind);`) + `
function loopwiseReparse(previous, snapshot, version, scriptKind) {
    if (previous === undefined || (scriptKind !== undefined && scriptKind !== previous.scriptKind) || previous.version === version) return undefined;
    const oldText = previous.text;
    const newText = snapshot.getText(0, snapshot.getLength());
    if (oldText === newText) return undefined;
    let start = 0;
    const shorter = Math.min(oldText.length, newText.length);
    while (start < shorter && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
    let oldEnd = oldText.length;
    let newEnd = newText.length;
    while (oldEnd > start && newEnd > start && oldText.charCodeAt(oldEnd - 1) === newText.charCodeAt(newEnd - 1)) {
        oldEnd--;
        newEnd--;
    }
    const change = ts__namespace.createTextChangeRange(ts__namespace.createTextSpan(start, oldEnd - start), newEnd - start);
    return ts__namespace.updateLanguageServiceSourceFile(previous, snapshot, version, change);
}
`;
      return { contents: patched, loader: 'js' };
    });
    build.onLoad({ filter: /[\\/]@ts-morph[\\/]common[\\/]dist[\\/]typescript\.js$/ }, (args) => {
      const original = readFileSync(args.path, 'utf8');
      const target = 'moduleResolutionCache = createModuleResolutionCache(currentDirectory, getCanonicalFileName, options);';
      if (original.split(target).length !== 2) throw new Error(`${args.path}: createProgram's module resolution cache has changed; update ${fileURLToPath(import.meta.url)}`);
      const patched = original.replace(target, 'moduleResolutionCache = createModuleResolutionCache(currentDirectory, getCanonicalFileName, options, oldProgram?.getModuleResolutionCache?.()?.getPackageJsonInfoCache());');
      return { contents: patched, loader: 'js' };
    });
  },
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
    plugins: [tsMorphParsing, noDynamicImport],
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
