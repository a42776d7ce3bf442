/**
 * Where a call to a blocking API sits says that it does not block here:
 *
 * - after a fork check (`if self.pid != os.getpid():`), the branch runs once in a
 *   forked child, not on each call (redis' `ConnectionPool._checkpid`);
 * - when the same function hands the same callable to an awaited call elsewhere
 *   (`await run_in_threadpool(self.file.write, data)` in one branch,
 *   `self.file.write(data)` in the other), the author offloads it where it can
 *   block and calls it inline on purpose where it cannot (starlette's
 *   `UploadFile.write` on a file still in memory). The callable may be a method
 *   or a plain function (`func(data)` when `len(data) < 10000`, else
 *   `await offload(func, data)`), and the call a blocking API or a sync function
 *   that reaches one (offloadedInSameFunction, for the rule's chains).
 */
import type { PyModule } from './model';
import { externalName, type PyResolver } from './resolve';
import { child, type PyNode, unparen, walkOwn } from './syntax';

export function blockingRuledOutHere(call: PyNode, module: PyModule, resolver: PyResolver): boolean {
  return afterForkCheck(call, module, resolver) || offloadedElsewhere(call, module, resolver);
}

function afterForkCheck(call: PyNode, module: PyModule, resolver: PyResolver): boolean {
  for (let n: PyNode | null = call; n?.parent; n = n.parent) {
    const p: PyNode = n.parent;
    if (p.type === 'function_definition' || p.type === 'lambda') return false;
    if (p.type !== 'if_statement' || n.field !== 'consequence') continue;
    const cond = child(p, 'condition');
    const c = cond && unparen(cond);
    if (c?.type === 'comparison_operator' && c.ops?.length === 1 && c.ops[0] === '!=' &&
      c.children.some((side) => side.type === 'call' && externalName(resolver.resolve(child(side, 'function')!, module)) === 'os.getpid')) return true;
  }
  return false;
}

/** `call`'s callable is also handed to an awaited call (an offloader) in the same function. */
export function offloadedInSameFunction(call: PyNode, module: PyModule, resolver: PyResolver): boolean {
  return offloadedElsewhere(call, module, resolver);
}

function offloadedElsewhere(call: PyNode, module: PyModule, resolver: PyResolver): boolean {
  const callee = child(call, 'function');
  const fn = resolver.scopeOf(call, module);
  if (!callee || (callee.type !== 'attribute' && callee.type !== 'identifier') || !fn) return false;
  const text = module.text.slice(callee.start, callee.end);
  let found = false;
  walkOwn(fn.body, (n) => {
    if (found) return false;
    if (n.type !== 'await') return;
    const awaited = n.children[0] && unparen(n.children[0]);
    const args = awaited?.type === 'call' ? child(awaited, 'arguments') : undefined;
    if (args?.children.some((a) => module.text.slice(a.start, a.end) === text)) found = true;
  });
  return found;
}
