/** thread-args-mismatch: the Python reading (the rule's header and meta are in index.ts). */
import type { PyRuleContext } from '../../lang/python/rule-context';
import type { PyParam } from '../../lang/python/model';
import { child, type PyNode } from '../../lang/python/syntax';
import { describeCallable, findSubmissions, type CallableInfo, type TaskSubmission } from '../../lang/python/tasks';
import { quoteCode } from '../../core/quote';
import type { Rule } from '../types';

export const pythonReading: Pick<Required<Rule>, 'checkPython'> = {
  checkPython(ctx: PyRuleContext): void {
    const { module, resolver } = ctx;
    for (const s of findSubmissions(module, resolver)) {
      const notTuple = nonTupleArgs(s);
      if (notTuple) {
        const inner = notTuple.children[0];
        ctx.report({
          start: notTuple.start,
          end: notTuple.end,
          message: `${quoteCode(`args=${module.text.slice(notTuple.start, notTuple.end)}`)} is not a tuple: write ${quoteCode(`(${module.text.slice(inner.start, inner.end)},)`)}`,
          detail: `Parentheses alone do not make a tuple, so ${s.via} unpacks the value itself as the argument list (a string gives one argument per character). The trailing comma makes it a one-element tuple.`,
          fixes: [{ title: 'Make it a one-element tuple', edits: [{ start: inner.end, end: inner.end, newText: ',' }], safe: true, preferred: true }],
        });
        continue;
      }
      if (!s.args || !s.args.exact) continue;
      const info = describeCallable(s.callable, module, resolver);
      const problem = mismatch(info, s);
      if (!problem) continue;
      const where = s.args.node ?? s.call;
      ctx.report({
        start: where.start,
        end: where.end,
        message: `${problem} (${s.via})`,
        detail: `${s.via} makes this call later, ${s.runsIn === 'thread' ? 'on its thread' : 'in the worker process'}, so the task fails there with a TypeError, not at this line. Make the arguments match the parameters.`,
      });
    }
  },
};

function nonTupleArgs(s: TaskSubmission): PyNode | undefined {
  const args = child(s.call, 'arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  for (const a of args.children) {
    if (a.type !== 'keyword_argument' || child(a, 'name')?.text !== 'args') continue;
    const v = child(a, 'value');
    if (v?.type === 'parenthesized_expression' && v.children.length === 1 && v.children[0].type !== 'tuple' && v.children[0].type !== 'generator_expression') return v;
  }
  return undefined;
}

/** Why the call does not fit, in words, or undefined when it fits (or cannot be known). */
function mismatch(info: CallableInfo, s: TaskSubmission): string | undefined {
  let params: PyParam[];
  let name: string;
  if (info.kind === 'class' || (info.kind === 'local-class' && !info.fn)) {
    const init = info.cls!.methods.get('__init__');
    if (!init) return undefined;
    params = init.params.slice(1);
    name = quoteCode(info.cls!.name, 30);
  } else if (info.fn && info.kind !== 'unknown') {
    const fn = info.fn;
    params = fn.params;
    const deco = fn.decorators.map((d) => fn.module.text.slice(d.start, d.end)).join(' ');
    if (/staticmethod/.test(deco)) { /* nothing bound */ }
    else if (info.kind === 'bound-method' || /classmethod/.test(deco)) params = params.slice(1);
    if (fn.decorators.some((d) => !/^@\s*(staticmethod|classmethod)\b/.test(fn.module.text.slice(d.start, d.end)))) return undefined;
    name = fn.isLambda ? 'The lambda' : quoteCode(fn.name, 30);
  } else {
    return undefined;
  }
  if (info.partialArgs === -1) return undefined;
  const given = s.args!.positional.length + (info.partialArgs ?? 0);
  const keywords = [...s.args!.keywords.keys(), ...(info.partialKeywords ?? [])];
  const positional = params.filter((p) => p.kind === 'positional');
  const varargs = params.some((p) => p.kind === 'varargs');
  const varkw = params.some((p) => p.kind === 'varkw');
  if (given > positional.length && !varargs) {
    return `${name} takes ${positional.length} positional argument${positional.length === 1 ? '' : 's'} but ${given} ${given === 1 ? 'is' : 'are'} given`;
  }
  const bound = new Set(positional.slice(0, given).map((p) => p.name));
  for (const k of keywords) {
    const p = params.find((q) => q.name === k && (q.kind === 'positional' || q.kind === 'keyword-only'));
    if (!p) {
      if (!varkw) return `${name} has no parameter named ${quoteCode(k, 30)}`;
      continue;
    }
    if (p.positionalOnly) return `${name} takes ${quoteCode(k, 30)} by position only, but it is passed by keyword`;
    if (bound.has(k)) return `${name} gets two values for ${quoteCode(k, 30)}`;
    bound.add(k);
  }
  const missing = params.filter((p) => (p.kind === 'positional' || p.kind === 'keyword-only') && !p.hasDefault && !bound.has(p.name));
  if (missing.length > 0) {
    const names = missing.slice(0, 3).map((p) => quoteCode(p.name, 20)).join(', ') + (missing.length > 3 ? `, and ${missing.length - 3} more` : '');
    return `${name} is missing ${missing.length === 1 ? 'the argument' : 'the arguments'} ${names}`;
  }
  return undefined;
}
