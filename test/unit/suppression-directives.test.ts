/** The suppression comments in both languages' comment syntax, not inside strings or regexes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDirectives } from '../../server/src/engine/suppressions';

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
});
