/** The suppression comments in both languages' comment syntax, not inside strings or regexes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FileSuppressions, parseDirectives } from '../../server/src/engine/suppressions';
import type { Finding } from '../../server/src/core/finding';
import { resolveSettings } from '../../server/src/protocol';

describe('suppression directives', () => {
  it('parses rules and reasons in JS comments, and ignores strings', () => {
    const text = [
      "const s = '// loopwise-disable-line a';",
      '// loopwise-disable-next-line blocking-call-in-async, sequential-await -- why not',
      'f();',
    ].join('\n');
    const directives = parseDirectives(text, '/x.ts');
    assert.equal(directives.length, 1);
    assert.equal(directives[0].kind, 'next-line');
    assert.equal(directives[0].line, 2);
    assert.deepEqual(directives[0].rules.map((r) => r.name), ['blocking-call-in-async', 'sequential-await']);
    assert.equal(directives[0].misplaced, false);
  });

  it('reads the same words after # in Python, not inside strings', () => {
    const text = [
      '# loopwise-disable unpicklable-task',
      'x = "# loopwise-disable-line a"',
      'y = """',
      '# loopwise-disable-line b',
      '"""',
      'z = open(p).read()  # loopwise-disable-line blocking-call-in-async -- start-up only',
      '# loopwise-disable cpu-bound-in-threads',
    ].join('\n');
    const directives = parseDirectives(text, '/x.py');
    assert.deepEqual(directives.map((d) => [d.kind, d.line, d.rules.map((r) => r.name).join(','), d.misplaced ?? false]), [
      ['file', -1, 'unpicklable-task', false],
      ['line', 5, 'blocking-call-in-async', false],
      ['file', -1, 'cpu-bound-in-threads', true],
    ]);
  });

  it('a block comment after a regex literal containing // is still found', () => {
    const text = 'const re = /a\\/\\/b/g; /* loopwise-disable-line x */\nconst t = `${re}//`; // loopwise-disable-line y';
    assert.deepEqual(parseDirectives(text, '/x.js').map((d) => d.rules[0].name), ['x', 'y']);
  });

  describe('one reading feeds both questions: the rules\' isSuppressed and apply', () => {
    /** A one-line finding of `rule` on the (zero-based) line, over its first word. */
    const findingOn = (text: string, line: number, rule: string): Finding => {
      const start = text.split('\n').slice(0, line).reduce((n, l) => n + l.length + 1, 0);
      return { rule: rule as Finding['rule'], start, end: start + 1, message: 'm' };
    };
    const cases: Array<[string, string, string[]]> = [
      ['/x.ts', [
        '// loopwise-disable-next-line sequential-await',
        'a();',
        'b(); // loopwise-disable-line blocking-call-in-async',
        '// eslint-disable-next-line no-await-in-loop',
        'c();',
        '/* eslint-disable n/no-sync */',
        'd();',
        '/* eslint-enable n/no-sync */',
        'e();',
      ].join('\n'), ['sequential-await', 'blocking-call-in-async', 'dangling-task']],
      ['/x.py', [
        '# loopwise-disable dangling-task',
        'a()',
        'b()  # noqa: ASYNC230',
        'c()  # noqa',
        'd()  # loopwise-disable-line sequential-await',
        'e()',
        '# loopwise-disable cpu-bound-in-threads',
      ].join('\n'), ['dangling-task', 'blocking-call-in-async', 'sequential-await', 'cpu-bound-in-threads']],
    ];
    for (const honour of [true, false]) {
      for (const [file, text, rules] of cases) {
        it(`${file}, peer comments ${honour ? 'honoured' : 'ignored'}`, () => {
          const suppressions = new FileSuppressions(text, file, resolveSettings({ honourPeerSuppressions: honour }));
          const findings = text.split('\n').flatMap((_, line) => rules.map((rule) => findingOn(text, line, rule)));
          const kept = new Set(suppressions.apply(findings, { ranRules: new Set(rules) }).filter((f) => f.rule !== 'unused-suppression').map((f) => `${f.rule}@${f.start}`));
          for (const f of findings) {
            assert.equal(suppressions.isSuppressed(f.rule as never, f.start), !kept.has(`${f.rule}@${f.start}`), `${f.rule} at offset ${f.start}`);
          }
          // The reading is not empty: each case suppresses something, and honouring peers suppresses more.
          assert.ok(kept.size < findings.length);
        });
      }
    }
  });
});
