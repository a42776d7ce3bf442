#!/usr/bin/env node
/**
 * The labelled super-linear regex suite, measured outside the test suite (it
 * times things; tests never do). Three steps, each its own subcommand:
 *
 *   node scripts/regex-suite.mjs label     time every pattern on pumped attack strings in a child
 *                                          process each; write .cache/regex-suite/labels.json and one
 *                                          .js and (where Python's re agrees) one .py file per pattern
 *   node scripts/regex-suite.mjs score     run Loopwise's CLI (dist/cli.js) and, if installed in
 *                                          .cache/eslint-scratch, ESLint with eslint-plugin-regexp's
 *                                          no-super-linear-backtracking + no-super-linear-move on the
 *                                          same files; print recall and precision side by side
 *
 * The label is the timing's, not any analyser's: a pattern is super-linear when
 * some attack (a character pumped n times, with an optional prefix and suffix)
 * takes more than 3× as long when n doubles, at run times above 5 ms; linear when
 * no attack tried does. The attacks tried are generic (a set of characters and
 * suffixes) plus, for a few patterns, a prefix or pump written beside it.
 * Patterns: the issue's five, the examples in scslre's and eslint-plugin-regexp's
 * documentation, the cpu-bound-on-event-loop fixtures', and everyday patterns
 * (trims, e-mail, identifiers, key=value, paths).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const out = join(root, '.cache', 'regex-suite');

/** [source, flags, hints?]: hints are extra { prefix, pump, suffix } attacks to try. */
const PATTERNS = [
  // issue 13
  ['a*:', ''], ['[a-z_][A-Z_0-9]*(?=\\s*\\()', 'i'], ['\\w+\\b[\\w-]+', ''], ['a+b+a+b+', ''], ['((?:\\\\{2})*)(\\\\?)\\|', 'g'],
  // scslre's documentation
  ['a+a+', ''], ['\\d*\\w+', ''], ['a*(?:a{2}d?|cd?)b?a+', ''], ['(?:a+ba+){2}', '', [{ pump: 'aba' }]], ['(?:a|ba+)+', ''], ['(?:a+){2}', ''], ['(?:a+)+', ''],
  ['(a+){0,3}', ''], ['a+b', ''], ['a+b', 'y'], ['^a+b', ''], ['\\ba+b', ''], ['^\\s+b', 'm'], ['\\Ba+b', ''],
  // eslint-plugin-regexp's documentation of the two rules
  ['\\s*(\\w+)\\s*=\\s*(\\w+)\\s*', ''], ['^\\s*(\\w+)\\s*$', ''], ['^(?:\\s*,\\s*|\\s+)(\\w+)', ''], ['\\s*$', ''], ['^\\s*(?:a|b)+\\s*$', ''],
  // the fixtures
  ['^([a-zA-Z0-9]+)+@example\\.com$', ''], ['^(\\w+\\s?)*$', ''], ['^([a-z0-9]+\\.)+[a-z]{2,}$', ''], ['^[a-z]+(-[a-z]+)*$', ''], ['^\\d*\\w+!$', ''], ['\\s+$', ''],
  // classic exponential shapes
  ['^(a+)+$', ''], ['^(a|a)*$', ''], ['^(a|aa)+$', ''], ['^(\\d+)*$', ''], ['^(.*,)*x$', '', [{ pump: ',' }]], ['^(\\w+\\d)+$', '', [{ pump: 'a1' }]], ['^(a*)*b$', ''],
  // polynomial in everyday code
  ['^\\s+|\\s+$', 'g'], ['\\n+$', ''], ['^.*a.*a$', ''], ['\\s*#.*$', 'm'], ['=\\s*"[^"]*"\\s*', ''], ['(\\w+)\\s*:\\s*(\\w+)', ''], ['^[\\w.]+@[\\w.]+\\.\\w+$', ''],
  ['<!--[\\s\\S]*?-->', ''], ['(\\d+)\\.(\\d+)', ''], ['\\w+@\\w+\\.com', ''], ['[a-z]+\\d+', ''], ['"(?:[^"\\\\]|\\\\.)*"', ''], ['^[^:]*:[^:]*:$', ''],
  ['(?:\\r?\\n){2,}$', ''], ['\\d+(?:px|em)$', ''], ['^/+|/+$', 'g'], ['[ \\t]+$', 'gm'], ['.*foo', ''], ['^(.*?)\\s*$', ''], ['(ab|a)*c', ''],
  // linear in everyday code
  ['^[a-z]+$', ''], ['^\\d{1,3}(?:\\.\\d{1,3}){3}$', ''], ['^\\s*#', ''], ['foo|bar', ''], ['^(\\w+)=(.*)$', ''], [',\\s*', ''], ['^#[0-9a-f]{6}$', 'i'],
  ['\\bcat\\b', ''], ['^(\\d+)-(\\d+)$', ''], ['^[^:]+:[^:]+$', ''], ['ab+c', ''], ['^(?:a|b)*c$', ''], ['[A-Z]{2}\\d{4}', ''], ['^https?://', ''],
  ['\\.(?:js|ts)$', ''], ['^[\\w-]+$', ''], ['\\$\\{(\\w+)\\}', 'g'], ['^v?(\\d+)\\.(\\d+)\\.(\\d+)$', ''], ['%[sdj%]', 'g'], ['[\\u0000-\\u001f]', 'g'],
  ['^(?:[a-z0-9-]+\\.)*[a-z0-9-]+$', 'i'], ['\\r\\n|\\r|\\n', 'g'], ['^\\S+$', ''], ['^(?=.*\\d)(?=.*[a-z]).{8,}$', ''], ['x*y', 'y'], ['^-?\\d+(?:\\.\\d+)?$', ''],
];

const CHARS = ['a', 'A', '0', '1', ' ', '\t', '\n', '\\', '-', '_', ':', '.', ',', '"', '=', 'b', 'x', '@', '<', '/', '!', 'c', 'd'];
const SUFFIXES = ['', '!', '\n', '\u0000', '"'];
/** A prefix that fails an anchored first alternative (`^\s+|\s+$`) so the search goes on. */
const PREFIXES = ['', 'x', '!'];

/** The child: time one pattern on every attack, print the worst growth as JSON. */
function timeOne(source, flags, hints) {
  const re = new RegExp(source, flags);
  const run = (s) => {
    re.lastIndex = 0;
    const t = process.hrtime.bigint();
    re.test(s);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const attacks = [];
  for (const prefix of PREFIXES) for (const pump of CHARS) for (const suffix of SUFFIXES) attacks.push({ prefix, pump, suffix });
  for (const h of hints ?? []) for (const suffix of SUFFIXES) attacks.push({ prefix: h.prefix ?? '', pump: h.pump ?? 'a', suffix: h.suffix ?? suffix });
  let worst = { ratio: 0 };
  for (const a of attacks) {
    // One attack that grows super-linearly settles the label; the rest would only cost time.
    if (worst.exponential || worst.ratio > 6) break;
    const sizes = [8, 12, 16, 20, 24, 28, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768];
    for (const n of sizes) {
      const s = a.prefix + a.pump.repeat(n) + a.suffix;
      const t = Math.min(run(s), run(s), run(s));
      if (t > 5) {
        // Measured again beyond the first size that takes time, warmed up: two more characters
        // for the small sizes (exponential growth shows there), double the size otherwise.
        const next = n <= 32 ? n + 2 : 2 * n;
        const s2 = a.prefix + a.pump.repeat(next) + a.suffix;
        const t1 = Math.min(run(s), run(s));
        const t2 = t1 > 300 ? Infinity : Math.min(run(s2), run(s2));
        const exponential = n <= 32 && t2 / t1 > 2;
        const ratio = exponential ? Infinity : t2 / t1;
        if (ratio > worst.ratio) worst = { ratio, n, ms: t1, exponential, attack: a };
        break;
      }
      if (t > 200) break;
    }
  }
  return worst;
}

function label() {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'js'), { recursive: true });
  mkdirSync(join(out, 'py'), { recursive: true });
  const labels = [];
  PATTERNS.forEach(([source, flags, hints], i) => {
    const child = spawnSync(process.execPath, [import.meta.filename, 'time-one', JSON.stringify([source, flags, hints])], { encoding: 'utf8', timeout: 120_000 });
    let worst;
    if (child.error || child.status !== 0) worst = { ratio: Infinity, exponential: true, note: 'timed out' };
    else worst = JSON.parse(child.stdout);
    // JSON has no Infinity: an exponential attack comes back with ratio null.
    const superLinear = !!worst.exponential || worst.ratio > 3;
    const id = `p${String(i).padStart(3, '0')}`;
    labels.push({ id, source, flags, label: superLinear ? 'super-linear' : 'linear', growthPerDoubling: worst.exponential ? 'exponential' : Number((worst.ratio ?? 0).toFixed(1)), exponential: !!worst.exponential, attack: worst.attack, atN: worst.n, ms: worst.ms });
    writeFileSync(join(out, 'js', `${id}.js`), `// ${id}: measured ${superLinear ? 'super-linear' : 'linear'}\nexport async function check(input) {\n  return ${literal(source, flags)}.test(input);\n}\n`);
    const py = toPython(source, flags);
    if (py) writeFileSync(join(out, 'py', `${id}.py`), `# ${id}: measured ${superLinear ? 'super-linear' : 'linear'}\nimport re\n\n\nasync def check(text):\n    return re.search(${py}, text)\n`);
    process.stdout.write(`${id} ${superLinear ? 'SUPER ' : 'linear'} ×${labels.at(-1).growthPerDoubling} ${literal(source, flags)}\n`);
  });
  writeFileSync(join(out, 'labels.json'), JSON.stringify(labels, null, 1) + '\n');
}

function literal(source, flags) {
  return `/${source.replace(/\//g, '\\/')}/${flags}`;
}

/** The same pattern as a Python raw string with flags, when both engines read it alike (no sticky; no \u). */
function toPython(source, flags) {
  if (flags.includes('y') || /\\u|\(\?<[A-Za-z]|\\k</.test(source) || source.includes("'")) return undefined;
  const names = { i: 're.I', m: 're.M', s: 're.S' };
  const f = [...flags].filter((c) => names[c]).map((c) => names[c]);
  return `r'${source}'${f.length ? `, flags=${f.join(' | ')}` : ''}`;
}

function score() {
  const labels = JSON.parse(readFileSync(join(out, 'labels.json'), 'utf8'));
  const loopwise = new Set();
  const cli = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), '--format', 'json', join(out, 'js')], { encoding: 'utf8', maxBuffer: 1 << 26 });
  for (const f of JSON.parse(cli.stdout).diagnostics) {
    if ((f.rule ?? f.ruleId) === 'cpu-bound-on-event-loop') loopwise.add(/p\d{3}/.exec(f.file)?.[0]);
  }
  const tools = [['Loopwise cpu-bound-on-event-loop', loopwise]];
  const scratch = join(root, '.cache', 'eslint-scratch');
  if (existsSync(join(scratch, 'node_modules', 'eslint-plugin-regexp'))) {
    writeFileSync(join(scratch, 'eslint.config.mjs'), `import regexp from 'eslint-plugin-regexp';\nexport default [{ files: ['**/*.js'], languageOptions: { sourceType: 'module', ecmaVersion: 2024 }, plugins: { regexp }, rules: { 'regexp/no-super-linear-backtracking': 'error', 'regexp/no-super-linear-move': 'error' } }];\n`);
    // Run from the suite's folder: flat config ignores files outside the working directory.
    const res = spawnSync(process.execPath, [join(scratch, 'node_modules', 'eslint', 'bin', 'eslint.js'), '-c', join(scratch, 'eslint.config.mjs'), '--format', 'json', 'js'], { cwd: out, encoding: 'utf8', maxBuffer: 1 << 26 });
    const both = new Set();
    const back = new Set();
    const move = new Set();
    for (const file of JSON.parse(res.stdout)) {
      const id = /p\d{3}/.exec(file.filePath)?.[0];
      for (const m of file.messages) {
        if (m.ruleId === 'regexp/no-super-linear-backtracking') back.add(id);
        if (m.ruleId === 'regexp/no-super-linear-move') move.add(id);
        if (m.ruleId?.startsWith('regexp/no-super-linear')) both.add(id);
      }
    }
    tools.push(['eslint-plugin-regexp (both rules)', both], ['  no-super-linear-backtracking', back], ['  no-super-linear-move', move]);
  }
  const positives = labels.filter((l) => l.label === 'super-linear');
  console.log(`${labels.length} patterns: ${positives.length} measured super-linear (${positives.filter((p) => p.exponential).length} exponential), ${labels.length - positives.length} linear\n`);
  console.log('| tool | flagged | TP | FP | FN | recall | precision |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, flagged] of tools) {
    const tp = positives.filter((p) => flagged.has(p.id)).length;
    const fp = labels.filter((l) => l.label === 'linear' && flagged.has(l.id)).length;
    const fn = positives.length - tp;
    console.log(`| ${name} | ${tp + fp} | ${tp} | ${fp} | ${fn} | ${(tp / positives.length).toFixed(2)} | ${tp + fp ? (tp / (tp + fp)).toFixed(2) : '-'} |`);
  }
  console.log('\nDisagreements with the timing (pattern, measured, Loopwise, eslint-plugin-regexp):');
  const eslintSet = tools[1]?.[1];
  for (const l of labels) {
    const lw = loopwise.has(l.id);
    const es = eslintSet?.has(l.id);
    const truth = l.label === 'super-linear';
    if (lw !== truth || (eslintSet && es !== truth)) console.log(`  ${l.id} ${literal(l.source, l.flags)}  ${l.label} (×${l.growthPerDoubling})  loopwise=${lw ? 'flag' : '-'}  eslint=${eslintSet ? (es ? 'flag' : '-') : 'n/a'}`);
  }
}

const [cmd, arg] = process.argv.slice(2);
if (cmd === 'time-one') {
  const [source, flags, hints] = JSON.parse(arg);
  process.stdout.write(JSON.stringify(timeOne(source, flags, hints)));
} else if (cmd === 'label') label();
else if (cmd === 'score') score();
else {
  console.error('usage: node scripts/regex-suite.mjs label|score');
  process.exit(2);
}
