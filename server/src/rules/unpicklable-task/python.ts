/** unpicklable-task: the Python reading (the rule's header and meta are in index.ts). */
import type { PyRuleContext } from '../../lang/python/rule-context';
import type { PyClass } from '../../lang/python/model';
import type { PyResolver } from '../../lang/python/resolve';
import { unparen } from '../../lang/python/syntax';
import { describeCallable, findSubmissions } from '../../lang/python/tasks';
import { quoteCode } from '../../core/quote';
import type { Rule } from '../types';

/** Objects pickle refuses. */
const UNPICKLABLE_TYPES = new Set([
  'threading.Lock', 'threading.Semaphore', 'threading.Condition', 'threading.Event', 'threading.Thread',
  'socket.socket', 'io.File', 'sqlite3.Connection', 'sqlite3.Cursor', 'psycopg2.connection', 'psycopg2.cursor',
  'multiprocessing.pool.Pool', 'multiprocessing.pool.ThreadPool', 'concurrent.futures.ThreadPoolExecutor',
  'concurrent.futures.ProcessPoolExecutor', 'asyncio.AbstractEventLoop', 'subprocess.Popen', 'queue.Queue',
]);

export const pythonReading: Pick<Required<Rule>, 'checkPython'> = {
  checkPython(ctx: PyRuleContext): void {
    const { module, resolver } = ctx;
    for (const s of findSubmissions(module, resolver)) {
      if (s.runsIn !== 'process') continue;
      const info = describeCallable(s.callable, module, resolver);
      // `what` names the problem on one line; `why` explains it in the detail.
      let what: string | undefined;
      let why: string | undefined;
      switch (info.kind) {
        case 'lambda':
          what = `${s.via} cannot pickle a lambda to send it to another process`;
          why = 'pickle sends a function by its module-level name, and a lambda has none.';
          break;
        case 'nested-function':
          what = `${quoteCode(info.fn!.name, 30)} is defined inside ${quoteCode(info.fn!.parent!.name, 30)}, so ${s.via} cannot pickle it`;
          why = 'pickle sends a function by its module-level name, and a function defined inside another has none.';
          break;
        case 'local-class': {
          const name = (info.cls ?? info.fn!.cls)!.name;
          what = `${quoteCode(name, 30)} is a class defined inside a function, so ${s.via} cannot pickle it`;
          why = 'pickle sends a class by its module-level name, and a class defined inside a function has none.';
          break;
        }
        case 'bound-method': {
          const cls = info.bound && 'cls' in info.bound ? info.bound.cls : undefined;
          const attr = cls ? unpicklableAttribute(cls, resolver) : undefined;
          if (attr) {
            what = `${quoteCode(`${cls!.name}.${attr.name}`, 40)} holds ${attr.what}, so ${s.via} cannot pickle this bound method`;
            why = `${quoteCode(info.fn!.name, 30)} is a bound method, so its ${quoteCode(cls!.name, 30)} instance is pickled with it, and its attribute ${quoteCode(attr.name, 30)} holds ${attr.what}, which cannot be pickled.`;
          }
          break;
        }
      }
      if (!what || !why) continue;
      const when = s.via === 'multiprocessing.Process'
        ? 'It fails with a PicklingError under the spawn and forkserver start methods (the default on Windows and macOS, and on Linux from Python 3.14).'
        : 'The task fails with a PicklingError when it is sent to a worker.';
      ctx.report({
        start: s.callable.start,
        end: s.callable.end,
        message: what,
        detail: `${capitalise(why)} ${when} Use a function defined at module level (with functools.partial for extra arguments).`,
      });
    }
  },
};

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function unpicklableAttribute(cls: PyClass, resolver: PyResolver): { name: string; what: string } | undefined {
  for (const [name, values] of cls.attributes) {
    for (const v of values) {
      const value = unparen(v.value);
      if (value.type === 'lambda') return { name, what: 'a lambda' };
      if (value.type === 'generator_expression') return { name, what: 'a generator' };
      const sym = resolver.resolve(value, cls.module);
      if (sym.kind === 'instance' && 'external' in sym.type && UNPICKLABLE_TYPES.has(sym.type.external)) {
        return { name, what: `a ${sym.type.external.split('.').pop()}` };
      }
      if (sym.kind === 'external' && sym.qname === 'builtins.open') return { name, what: 'an open file' };
      if (value.type === 'call') {
        const f = resolver.resolve(value.children.find((c) => c.field === 'function')!, cls.module);
        if (f.kind === 'external' && f.qname === 'builtins.open') return { name, what: 'an open file' };
      }
    }
  }
  return undefined;
}
