/**
 * Generators for pathological inputs: code nested far deeper than any person
 * writes, long repeated-token runs like a fuzzer's, and files that are not
 * quite source (a stray NUL, UTF-16, a FIFO). The tests write them into a
 * temporary folder and run the CLI on it; `node out/test/helpers/pathological.js DIR`
 * writes them all into DIR to try by hand.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A file with one finding (`blocking-call-in-async` on line 3), to show the others are still analysed. */
export const BLOCKING_TS = `import { readFileSync } from 'fs';\nexport async function f(ps: string[]) { for (const p of ps) {\n  return readFileSync(p);\n} }\n`;
export const BLOCKING_PY = `import time\n\nasync def handler():\n    time.sleep(1)\n`;

/** Deeply nested TypeScript, each exporting `x` so that another file can import it. */
export function deeplyNested(kind: NestingKind, n: number): string {
  switch (kind) {
    case 'not': return `export const x = ${'!'.repeat(n)}true;\n`;
    case 'await': return `export async function g() { return ${'await '.repeat(n)}1; }\nexport const x = 1;\n`;
    case 'if': return `export function h(c: boolean) { ${'if (c) '.repeat(n)}return 1; }\nexport const x = 1;\n`;
    case 'else-if': return `export function k(c: boolean) { if (c) {} ${'else if (c) {} '.repeat(n)}}\nexport const x = 1;\n`;
    case 'template-parens': return `export const x = \`\${${'('.repeat(n)}1${')'.repeat(n)}}\`;\n`;
    case 'negation': return `export const x = ${'- '.repeat(n)}1;\n`;
    case 'typeof': return `export const x = ${'typeof '.repeat(n)}1;\n`;
  }
}
export type NestingKind = 'not' | 'await' | 'if' | 'else-if' | 'template-parens' | 'negation' | 'typeof';
export const NESTING_KINDS: NestingKind[] = ['not', 'await', 'if', 'else-if', 'template-parens', 'negation', 'typeof'];

/** A file that imports `./bad` and has a finding of its own. */
export const IMPORTER_TS = `import { x } from './bad';\nimport { readFileSync } from 'fs';\nexport async function f(ps: string[]) { for (const p of ps) {\n  console.log(x);\n  return readFileSync(p);\n} }\n`;

/**
 * `const seen = total = total = … y;` in an async function that writes module
 * state after an await: the reproducer of the cubic `unguarded-shared-state`.
 */
export function assignmentChain(n: number): string {
  return `let total = 0;\nexport async function f(y: number) {\n  await Promise.resolve();\n  const seen = ${'total = '.repeat(n)}y;\n  return seen;\n}\n`;
}

/** Fuzzer-like files: one token repeated `n` times inside an async function that touches module state. */
export function repeatedTokens(token: string, n: number): string {
  return `let total = 0;\nconst cache = new Map<string, number>();\nexport async function f(y: any) {\n  const before = total;\n  await Promise.resolve();\n  total = before + ${token.repeat(n)} y;\n  cache.set('k', total);\n}\n`;
}

/** Tokens a fuzzer repeats; each has made some rule do super-linear work at some point. */
export const FUZZ_TOKENS = ['total + ', 'total = ', 'y.a.', 'y?.b', 'y[0]', 'await ', '(y, ', 'y || ', 'y ? 1 : ', '`${y}`+', 'f(y) + '];

/** Python with a syntax error on line 3 and findings before it. */
export const PY_SYNTAX_ERROR = `import time\n\nasync def broken(:\n    pass\n\nasync def handler():\n    time.sleep(1)\n`;
/** Python whose second block mixes a tab and spaces (a TabError in CPython). */
export const PY_MIXED_INDENT = `import time\n\nasync def handler():\n    x = 1\n\ttime.sleep(1)\n`;

export function writeProject(files: Record<string, string | Buffer>, dir = mkdtempSync(join(tmpdir(), 'loopwise-bad-'))): string {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** Makes a FIFO (nothing ever writes to it, so opening it for reading blocks). */
export function makeFifo(path: string): void {
  const made = spawnSync('mkfifo', [path]);
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node out/test/helpers/pathological.js DIR');
  for (const kind of NESTING_KINDS) {
    writeProject({ 'bad.ts': deeplyNested(kind, kind === 'template-parens' ? 1000 : 4000), 'importer.ts': IMPORTER_TS, 'good.ts': BLOCKING_TS }, join(dir, `nested-${kind}`));
  }
  for (const n of [100, 200, 400, 800]) writeProject({ 'chain.ts': assignmentChain(n), 'good.ts': BLOCKING_TS }, join(dir, `chain-${n}`));
  FUZZ_TOKENS.forEach((token, i) => {
    for (const n of [1000, 2000, 4000]) writeProject({ 'fuzz.ts': repeatedTokens(token, n), 'good.ts': BLOCKING_TS }, join(dir, `fuzz-${i}-${n}`));
  });
  process.stdout.write(`wrote the inputs under ${dir}\n`);
}
