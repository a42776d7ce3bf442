/** cpu-bound-in-threads: the Python reading (the rule's header and meta are in index.ts). */
import { daskThreadTasks } from '../../lang/python/engines';
import { addImportEdit, isUsedOutside } from '../../lang/python/fix-helpers';
import type { PyRuleContext } from '../../lang/python/rule-context';
import type { PyModule } from '../../lang/python/model';
import { child, type PyNode } from '../../lang/python/syntax';
import { describeCallable, findSubmissions, type TaskSubmission } from '../../lang/python/tasks';
import type { Fix } from '../../core/finding';
import { quoteCode } from '../../core/quote';
import type { Rule } from '../types';

export const pythonReading: Pick<Required<Rule>, 'checkPython'> = {
  checkPython(ctx: PyRuleContext): void {
    const { module, resolver, graph } = ctx;
    const submissions = findSubmissions(module, resolver);
    for (const s of submissions) {
      if (s.runsIn !== 'thread') continue;
      const info = describeCallable(s.callable, module, resolver);
      if (!info.fn || (info.kind !== 'module-function' && info.kind !== 'nested-function' && info.kind !== 'bound-method' && info.kind !== 'lambda')) continue;
      const profile = graph.cpuProfile(info.fn);
      if (!profile.cpuBound) continue;
      const name = info.kind === 'lambda' ? 'This CPU-bound lambda' : `CPU-bound ${quoteCode(info.fn.name, 30)}`;
      ctx.report({
        start: s.callable.start,
        end: s.callable.end,
        message: `${name} runs on threads (${s.via}): the GIL serialises them`,
        detail: 'It loops or recurses without I/O, and the global interpreter lock (GIL) lets one thread run Python code at a time, so more threads do not make it faster. Use a ProcessPoolExecutor. Free-threaded Python (PEP 703, python3.13t and later) lifts this limit.',
        fixes: swapFix(module, s, info.kind === 'module-function', submissions, ctx),
      });
    }
    // Dask on threads: scheduler="threads", dask.config.set(scheduler="threads"), an in-process Client.
    for (const t of daskThreadTasks(module, resolver)) {
      const info = describeCallable(t.callable, module, resolver);
      if (!info.fn || info.kind === 'class' || info.kind === 'local-class') continue;
      if (!graph.cpuProfile(info.fn).cpuBound) continue;
      ctx.report({
        start: t.callable.start,
        end: t.callable.end,
        message: `'${info.fn.name}' is CPU-bound and Dask runs it on threads (${t.via})`,
        detail: `'${info.fn.name}' loops or recurses without I/O, and Dask runs it on threads of this process (${t.via}): the GIL lets one thread run Python code at a time, so the tasks take turns. Use scheduler="processes", or a distributed Client with worker processes. (Free-threaded Python, PEP 703, lifts this limit.)`,
      });
    }
  },
};

/**
 * `ThreadPoolExecutor(...)` → `ProcessPoolExecutor(...)` when the executor is made
 * in the same scope and every task sent to it is a module-level function (picklable).
 */
function swapFix(module: PyModule, s: TaskSubmission, picklable: boolean, all: TaskSubmission[], ctx: PyRuleContext): Fix[] {
  if (!picklable || s.executorType !== 'concurrent.futures.ThreadPoolExecutor' || s.executor?.type !== 'identifier') return [];
  const found = ctx.resolver.lookup(s.executor.text!, ctx.resolver.scopeOf(s.executor, module), module);
  if (!found || found.bindings.length !== 1) return [];
  const b = found.bindings[0];
  const ctorCall = b.kind === 'with' ? b.value : b.kind === 'assign' ? b.value : undefined;
  if (!ctorCall || ctorCall.type !== 'call') return [];
  // Every task sent to this executor, the same binding, not any variable of the same
  // name elsewhere in the module (each function's `executor` is its own).
  const sameExecutor = (other: TaskSubmission): boolean => {
    if (other.executor?.type !== 'identifier' || other.executor.text !== s.executor!.text) return false;
    const o = ctx.resolver.lookup(other.executor.text!, ctx.resolver.scopeOf(other.executor, module), module);
    return !!o && o.bindings.some((x) => (x.kind === 'with' || x.kind === 'assign') && x.value?.start === ctorCall.start && x.value?.end === ctorCall.end);
  };
  for (const other of all) {
    if (sameExecutor(other) && describeCallable(other.callable, module, ctx.resolver).kind !== 'module-function') return [];
  }
  const ctor = child(ctorCall, 'function')!;
  const nameNode: PyNode | undefined = ctor.type === 'identifier' ? ctor : ctor.type === 'attribute' ? child(ctor, 'attribute') : undefined;
  if (!nameNode || nameNode.text !== 'ThreadPoolExecutor') return [];
  const edits = [{ start: nameNode.start, end: nameNode.end, newText: 'ProcessPoolExecutor' }];
  if (ctor.type === 'identifier') {
    const bound = ctx.resolver.resolveName('ProcessPoolExecutor', undefined, module, undefined, 0);
    if (!(bound.kind === 'external' && bound.qname === 'concurrent.futures.ProcessPoolExecutor')) {
      // When nothing else uses ThreadPoolExecutor, rename it in its import rather than leave it unused.
      const imported = module.globals.get('ThreadPoolExecutor');
      const importName = imported?.length === 1 && imported[0].kind === 'import' && imported[0].qname === 'concurrent.futures.ThreadPoolExecutor' ? imported[0].node : undefined;
      if (importName?.type === 'dotted_name' && !isUsedOutside(module, 'ThreadPoolExecutor', [importName, nameNode])) {
        edits.push({ start: importName.start, end: importName.end, newText: 'ProcessPoolExecutor' });
      } else {
        edits.push(addImportEdit(module, 'from concurrent.futures import ProcessPoolExecutor'));
      }
    }
  }
  return [{ title: 'Use ProcessPoolExecutor instead of ThreadPoolExecutor', edits, safe: false, preferred: true }];
}
