/**
 * Bundles the user's file with esbuild (platform node, CJS, inline source maps) so that
 * TS, ESM and CJS sources all load with `require` in the host and in each worker. The
 * target is exposed by appending one line after the file's own text, in module scope,
 * so non-exported functions work and the user's line numbers stay unchanged.
 */
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { TARGET_KEY } from './load-target';
import type { ProfileTarget } from './types';

export interface BundledTarget {
  bundlePath: string;
  /** Rewrites stack positions inside the appended snippet wrapper back to the selection. */
  mapStack: (stack: string | undefined) => string | undefined;
  dispose: () => void;
}

type Loader = 'ts' | 'tsx' | 'js' | 'jsx';

function loaderFor(file: string): Loader {
  switch (extname(file).toLowerCase()) {
    case '.ts': case '.mts': case '.cts': return 'ts';
    case '.tsx': return 'tsx';
    case '.jsx': return 'jsx';
    default: return 'js';
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class BundleError extends Error {}

function isNativeExecutable(path: string): boolean {
  try {
    const fd = openSync(path, 'r');
    const head = Buffer.alloc(4);
    readSync(fd, head, 0, 4, 0);
    closeSync(fd);
    const magic = head.readUInt32BE(0);
    return magic === 0x7f454c46 || magic === 0xcffaedfe || magic === 0xcefaedfe || head.toString('latin1', 0, 2) === 'MZ';
  } catch {
    return false;
  }
}

/**
 * esbuild is external to the extension's bundles and loaded only here, in the child.
 * The .vsix carries it as dist/esbuild without its per-platform package, so point it at
 * the native binary its postinstall left in bin/; in a checkout, node_modules has it.
 */
function loadEsbuild(): typeof import('esbuild') {
  const shipped = join(__dirname, 'esbuild');
  const main = join(shipped, 'lib', 'main.js');
  const bin = join(shipped, 'bin', process.platform === 'win32' ? 'esbuild.exe' : 'esbuild');
  if (existsSync(main) && isNativeExecutable(bin)) {
    process.env.ESBUILD_BINARY_PATH ??= bin;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(main) as typeof import('esbuild');
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('esbuild') as typeof import('esbuild');
}

const OWN_FRAME = /^\s+at .*(profiler-host\.js|[\\/]profiler[\\/](run-job|pool|load-target)\.(ts|js)|node:internal)/;

/** `workDir`, when given, belongs to the caller, who removes it even if this process is killed. */
export async function bundleTarget(file: string, target: ProfileTarget, workDir?: string): Promise<BundledTarget> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    throw new BundleError(`Cannot read ${file}: ${(e as Error).message}`);
  }
  const key = `globalThis[Symbol.for(${JSON.stringify(TARGET_KEY)})]`;
  const sourceLines = source.split('\n').length;
  let contents: string;
  if (target.kind === 'function') {
    if (!/^[A-Za-z_$][\w$]*$/.test(target.name)) throw new BundleError(`'${target.name}' is not a function name.`);
    contents = `${source}\n;${key} = ${target.name};\n`;
  } else {
    contents = `${source}\n;${key} = ${target.isAsync ? 'async ' : ''}function loopwiseSnippet() {\n${target.code}\n};\n`;
  }
  const esbuild = loadEsbuild();
  const dir = workDir ?? mkdtempSync(join(tmpdir(), `loopwise-profile-${process.pid}-`));
  const bundlePath = join(dir, 'target.cjs');
  try {
    await esbuild.build({
      stdin: { contents, sourcefile: file, resolveDir: dirname(file), loader: loaderFor(file) },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: `node${process.versions.node.split('.')[0]}`,
      sourcemap: 'inline',
      outfile: bundlePath,
      write: true,
      logLevel: 'silent',
      // Native addons cannot be inlined; leave them for Node to load at run time.
      loader: { '.node': 'file' },
    });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    await esbuild.stop();
    const errors = (e as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors;
    const text = errors?.length
      ? errors.map((m) => (m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ${m.text}` : m.text)).join('\n')
      : (e as Error).message;
    throw new BundleError(`esbuild could not bundle ${file}:\n${text}`);
  }
  // esbuild's service is a child process; stopped now, it cannot outlive the profile
  // and is not mistaken for a process the tasks left behind.
  await esbuild.stop();
  const snippetFirst = sourceLines + 2;
  const pattern = new RegExp(`${escapeRegExp(file)}:(\\d+):(\\d+)`, 'g');
  const mapStack = (stack: string | undefined): string | undefined => {
    if (!stack) return stack;
    const mapped = target.kind !== 'snippet' ? stack : stack.replace(pattern, (all, line: string, col: string) => {
      const n = Number(line);
      return n >= snippetFirst ? `${file}:${target.startLine + 1 + (n - snippetFirst)}:${col}` : all;
    });
    // The profiler's own frames below the user's say nothing about the user's bug.
    return mapped.split('\n').filter((l) => !OWN_FRAME.test(l)).join('\n');
  };
  return { bundlePath, mapStack, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
