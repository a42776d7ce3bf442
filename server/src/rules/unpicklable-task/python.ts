/** unpicklable-task: the Python reading (the rule's header and meta are in index.ts). */
import type { PyRuleContext } from '../../lang/python/rule-context';
import type { PyClass } from '../../lang/python/model';
import type { PyResolver } from '../../lang/python/resolve';
import { unparen } from '../../lang/python/syntax';
import { describeCallable, findSubmissions } from '../../lang/python/tasks';
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
      let why: string | undefined;
      switch (info.kind) {
        case 'lambda': why = 'a lambda cannot be pickled'; break;
        case 'nested-function': why = `'${info.fn!.name}' is defined inside '${info.fn!.parent!.name}', and pickle can only send functions it can find by a module-level name`; break;
        case 'local-class': why = `'${(info.cls ?? info.fn!.cls)!.name}' is a class defined inside a function, and pickle can only send classes it can find by a module-level name`; break;
        case 'bound-method': {
          const cls = info.bound && 'cls' in info.bound ? info.bound.cls : undefined;
          const attr = cls ? unpicklableAttribute(cls, resolver) : undefined;
          if (attr) why = `'${info.fn!.name}' is a bound method, so its '${cls!.name}' instance is pickled with it, and its attribute '${attr.name}' holds ${attr.what}, which cannot be pickled`;
          break;
        }
      }
      if (!why) continue;
      const when = s.via === 'multiprocessing.Process'
        ? 'It fails with a PicklingError under the spawn and forkserver start methods (the default on Windows and macOS, and on Linux from Python 3.14).'
        : 'The task fails with a PicklingError when it is sent to a worker.';
      ctx.report({
        start: s.callable.start,
        end: s.callable.end,
        message: `This callable cannot be sent to another process (${s.via}): ${why}. ${when} Use a function defined at module level (with functools.partial for extra arguments).`,
      });
    }
  },
};

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
