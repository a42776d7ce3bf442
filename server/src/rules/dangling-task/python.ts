/** dangling-task: the Python reading (the rule's header and meta are in index.ts). */
import type { PyRuleContext } from '../../lang/python/rule-context';
import { externalName } from '../../lang/python/resolve';
import { child, type PyNode, walkOwn } from '../../lang/python/syntax';
import { quoteCode } from '../../core/quote';
import type { Rule } from '../types';

const SPAWNERS = new Set(['asyncio.create_task', 'asyncio.ensure_future', 'asyncio.AbstractEventLoop.create_task', 'asyncio.AbstractEventLoop.ensure_future']);

export const pythonReading: Pick<Required<Rule>, 'checkPython'> = {
  checkPython(ctx: PyRuleContext): void {
    const { module, resolver } = ctx;
    const visit = (n: PyNode) => {
      if (n.type !== 'expression_statement' || n.children.length !== 1 || n.children[0].type !== 'call') return;
      const call = n.children[0];
      const name = externalName(resolver.resolve(child(call, 'function')!, module));
      if (!name || !SPAWNERS.has(name)) return;
      const api = name.startsWith('asyncio.AbstractEventLoop.') ? `loop.${name.split('.').pop()}()` : `${name}()`;
      ctx.report({
        start: call.start,
        end: call.end,
        message: `The task from ${quoteCode(api)} is dropped: it can be garbage-collected before it finishes`,
        detail: `The event loop keeps only a weak reference to a task, so a task nobody holds can vanish mid-run, and its exception is never seen. Keep a reference (add it to a set and discard it in a done callback), or use an asyncio.TaskGroup.`,
      });
    };
    walkOwn(module.root, visit);
    for (const fn of module.functions) walkOwn(fn.body, visit);
  },
};
