/** missing-main-guard: the Python reading (the rule's header and meta are in index.ts). */
import { chainDepthOf } from '../../core/rule-meta';
import { textOf, toRelated } from '../../lang/python/call-graph/reach';
import type { PyRuleContext } from '../../lang/python/rule-context';
import { child, type PyNode, unparen, walkOwn } from '../../lang/python/syntax';
import { quoteCode } from '../../core/quote';
import type { Rule } from '../types';

const WHY = 'Under the spawn and forkserver start methods (the default on Windows and macOS, and on Linux from Python 3.14) each worker re-imports this module and runs this line again, which fails with a RuntimeError. Put it under if __name__ == "__main__":.';
const GUARD = "without an 'if __name__ == \"__main__\":' guard";

export const pythonReading: Pick<Required<Rule>, 'checkPython'> = {
  checkPython(ctx: PyRuleContext): void {
    const { module, graph } = ctx;
    walkOwn(module.root, (n) => {
      if (n.type === 'if_statement' && isMainGuard(n, module.text)) return false;
      if (n.type !== 'call') return;
      const what = graph.startsProcesses(n, module);
      if (what) {
        ctx.report({ start: n.start, end: n.end, message: `Starts ${what} at module level, ${GUARD}`, detail: WHY });
        return;
      }
      const target = graph.calledFunction(n, module);
      if (!target || !graph.runsInline(target)) return;
      const reach = graph.processReach(target, chainDepthOf(ctx.meta));
      if (!reach) return;
      ctx.report({
        start: n.start,
        end: n.end,
        message: `${quoteCode(`${textOf(module, child(n, 'function'))}()`)} starts ${reach.what} and is called at module level, ${GUARD}`,
        detail: WHY,
        related: toRelated(reach.steps),
      });
    });
  },
};

/** `if __name__ == "__main__":` in either order. */
export function isMainGuard(ifStmt: PyNode, text: string): boolean {
  const cond = child(ifStmt, 'condition');
  if (!cond) return false;
  const c = unparen(cond);
  if (c.type !== 'comparison_operator' || !c.ops?.includes('==') || c.children.length !== 2) return false;
  const sides = c.children.map((s) => text.slice(s.start, s.end).replace(/["']/g, ''));
  return sides.includes('__name__') && sides.includes('__main__');
}
