/** Where the workspace uses a function: called, awaited, launched as a task, or handed to a registrar. */
import type { PyFunction, PyModule } from '../model';
import { candidates, externalName } from '../resolve';
import { child, type PyNode, walkAll } from '../syntax';
import type { HotPathFacts } from './facts';
import { registrarLabel } from './registrars';

export interface Use {
  /** The reference's call (`f(x)`), or the reference itself when it is not called. */
  call: PyNode;
  /** The function the use is in (undefined at module level). */
  caller: PyFunction | undefined;
  awaited: boolean;
  /** The call is handed to a task launcher (`asyncio.create_task`, `gather`, a task group): it runs beside other tasks. */
  launcher?: string;
  /** The use hands `fn` to a known registrar. */
  registrar?: string;
}

const useMemo = new WeakMap<PyFunction, { generation: number; uses: Use[] }>();

/** Every reference to `fn` in the workspace that the resolver ties to it. */
export function usesOf(fn: PyFunction, facts: HotPathFacts): Use[] {
  if (fn.isLambda) return [];
  const gen = facts.workspace.generation;
  const known = useMemo.get(fn);
  if (known && known.generation === gen) return known.uses;
  const uses: Use[] = [];
  useMemo.set(fn, { generation: gen, uses });
  const files = [fn.module.file, ...facts.scan.filesMentioning([fn.name], fn.module.file).filter((f) => f !== fn.module.file)];
  for (const file of files) {
    const module = file === fn.module.file ? fn.module : facts.workspace.tryGetModule(file);
    if (!module || !module.text.includes(fn.name)) continue;
    walkAll(fn.parent && module === fn.module ? fn.parent.node : module.root, (n) => {
      const name = n.type === 'identifier' ? n : n.type === 'attribute' ? child(n, 'attribute') : undefined;
      if (!name || name.text !== fn.name || n === child(fn.node, 'name')) return true;
      if (n.type === 'identifier' && n.parent?.type === 'attribute' && n.field === 'attribute') return true;
      if (n.type === 'identifier' && (n.parent?.type === 'function_definition' || n.parent?.type === 'keyword_argument' && n.field === 'name')) return true;
      const sym = facts.resolver.resolve(n, module);
      if (!candidates(sym).some((s) => s.kind === 'function' && s.fn === fn)) return true;
      const caller = facts.resolver.scopeOf(n, module);
      const called = n.parent?.type === 'call' && n.field === 'function' ? n.parent : undefined;
      if (called) {
        const launcher = taskLauncher(called, module, facts);
        uses.push({ call: called, caller, awaited: called.parent?.type === 'await' || !!launcher, launcher });
        return true;
      }
      // Handed on: `router.add_get("/", fn)`, `Route("/", endpoint=fn)`.
      const arg = n.parent?.type === 'keyword_argument' ? n.parent : n;
      const list = arg.parent?.type === 'argument_list' ? arg.parent : undefined;
      const target = list?.parent?.type === 'call' ? child(list.parent, 'function') : undefined;
      const registrar = target && registrarLabel(facts.resolver.resolve(target, module));
      uses.push({ call: n, caller, awaited: false, registrar });
      return true;
    });
  }
  return uses;
}

/** `create_task(f(x))`, `ensure_future(f(x))`, `gather(f(x), …)`: the coroutine is run as a task; the launcher's name. */
function taskLauncher(call: PyNode, module: PyModule, facts: HotPathFacts): string | undefined {
  let n: PyNode = call;
  while (n.parent && (n.parent.type === 'list_splat' || n.parent.type === 'parenthesized_expression' || /comprehension|generator_expression/.test(n.parent.type))) n = n.parent;
  const list = n.parent?.type === 'argument_list' ? n.parent : undefined;
  const outer = list?.parent?.type === 'call' ? list.parent : /comprehension|generator_expression/.test(n.type) && n.parent?.type === 'call' ? n.parent : undefined;
  const callee = outer && child(outer, 'function');
  const name = callee && externalName(facts.resolver.resolve(callee, module));
  return name && /^(?:asyncio\.(?:create_task|ensure_future|gather|wait|as_completed)|asyncio\.AbstractEventLoop\.create_task|asyncio\.TaskGroup\.create_task|anyio\.abc\.TaskGroup\.start_soon|trio\.Nursery\.start_soon)$/.test(name) ? name : undefined;
}
