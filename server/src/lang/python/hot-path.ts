/**
 * Positive evidence that an async function runs on a hot, concurrent path. A
 * blocking call (a sleep, a process, a lock, the network, a stat) is worth a
 * finding only where other tasks wait while it runs, or where it repeats. The evidence,
 * for the async function that reaches the call or an async caller of it (a few
 * levels up the call graph), is one of:
 *
 * - **a request or message handler**: a callable handed to a known server
 *   registrar (aiohttp's router and route tables, starlette/fastapi routes and
 *   `@app.get`, quart/flask `@app.route`, `asyncio.start_server` and
 *   `websockets.serve` callbacks), a verb method of a class deriving from a known
 *   handler base (tornado `RequestHandler`, aiohttp `web.View`, starlette
 *   `HTTPEndpoint`…), or a function taking a parameter annotated with a known
 *   request type (aiohttp `web.Request`, starlette `Request`/`WebSocket`, tornado
 *   `HTTPServerRequest`). Names are resolved through the imports (and, when the
 *   workspace is the framework itself, by the defining module's package), never
 *   by a bare name;
 * - **per-item repetition**: the call, or a call on the chain that leads to it,
 *   runs in a `for` loop or comprehension over data (not a literal collection);
 * - **spawned per item**: a caller runs the async function (awaits it, makes a task
 *   of it, gathers it) once per item of a loop or comprehension over data;
 * - **launched beside others**: a caller runs it as a task (`asyncio.create_task`,
 *   `ensure_future`, `gather`, `asyncio.wait`, a task group's `create_task`): a
 *   background or periodic task that shares the loop
 *   with the rest of the program.
 *
 * The rule asks for this evidence for every blocking call, whatever it waits for:
 * a one-shot command whose coroutine is the loop's only task, or a start-up,
 * restart or shutdown step awaited in line, blocks nothing else.
 *
 * The evidence kinds live in hot-path/: handlers.ts (registrars, handler bases,
 * request types), loop-data.ts (loops over data), uses.ts (where a function is used).
 *
 * Fixtures: test-fixtures/rules/blocking-call-in-async/hot_path.py and ok_hot_path.py.
 */
import type { PyFunction, PyModule } from './model';
import { isTestSupportModule } from './one-shot';
import { child, type PyNode, walkAll } from './syntax';
import type { PyChainStep } from './call-graph/reach';
import type { HotPathFacts } from './hot-path/facts';
import { handlerOf } from './hot-path/handlers';
import { loopOverData } from './hot-path/loop-data';
import { some } from './hot-path/nodes';
import { usesOf } from './hot-path/uses';

export type { HotPathFacts } from './hot-path/facts';
export { handlerOf } from './hot-path/handlers';
export { loopOverData } from './hot-path/loop-data';

/** How many async callers up the search follows. */
const MAX_UP = 3;


/**
 * Why the call `call` in async `fn` (reaching its blocking root through `steps`,
 * empty when `call` is the root) is on a hot path, in words, or undefined. With
 * `repetition` (bounded file work, teardown) only a handler or a loop over data
 * counts; otherwise a concurrent launch or an outside-only API does too.
 */
export function hotPathEvidence(fn: PyFunction, call: PyNode, steps: readonly PyChainStep[], facts: HotPathFacts, repetition = false): string | undefined {
  const own = loopOverData(call, fn, facts);
  if (own) return `it runs once per item of '${own}' in '${fn.name}'`;
  for (const s of steps) {
    const scope = facts.resolver.scopeOf(s.node, s.module);
    const loop = scope && loopOverData(s.node, scope, facts);
    if (loop) return `it runs once per item of '${loop}' in '${scope!.name}'`;
  }
  return upEvidence(fn, facts, repetition);
}

const upMemo = new WeakMap<PyFunction, { generation: number; value: string | undefined }>();
const boundedUpMemo = new WeakMap<PyFunction, { generation: number; value: string | undefined }>();

/**
 * Handler, per-item or (unless `bounded`) concurrency evidence for `fn` or an async
 * caller of it, a few levels up. Bounded work (local file work) needs repetition:
 * one small read in a background task costs nothing worth a finding.
 */
function upEvidence(fn: PyFunction, facts: HotPathFacts, bounded: boolean): string | undefined {
  const gen = facts.workspace.generation;
  const memo = bounded ? boundedUpMemo : upMemo;
  const known = memo.get(fn);
  if (known && known.generation === gen) return known.value;
  memo.set(fn, { generation: gen, value: undefined });
  let value: string | undefined;
  const seen = new Set<PyFunction>([fn]);
  let level: PyFunction[] = [fn];
  for (let up = 0; up <= MAX_UP && level.length > 0 && !value; up++) {
    const next: PyFunction[] = [];
    for (const f of level) {
      const via = f === fn ? '' : `, and reaches '${fn.name}'`;
      const handler = handlerOf(f, facts);
      if (handler) {
        value = `'${f.name}' handles requests (${handler})${via}`;
        break;
      }
      // Only for the function itself: a start-up step that an outside API awaits in line runs once per call of that API.
      if (!bounded && f === fn && isRunFromOutside(f, facts)) {
        value = `only code outside the workspace runs '${f.name}' (its API's callers, or a framework's hook), on a loop it shares with their other tasks`;
        break;
      }
      for (const use of usesOf(f, facts)) {
        // Test support (pytest's conventions) runs the product's code, but is not its hot path.
        if (use.caller && isTestSupportModule(use.caller.module, facts)) continue;
        const loop = use.caller && loopOverData(use.call, use.caller, facts);
        if (loop && use.caller) {
          value = `'${use.caller.name}' runs '${f.name}' once per item of '${loop}'${via}`;
          break;
        }
        if (use.launcher && !bounded) {
          value = `'${f.name}' runs as a task beside others (${use.launcher}${use.caller ? ` in '${use.caller.name}'` : ''})${via}`;
          break;
        }
        if (use.awaited && use.caller?.isAsync && !seen.has(use.caller)) {
          seen.add(use.caller);
          next.push(use.caller);
        }
      }
      if (value) break;
    }
    level = next;
  }
  memo.set(fn, { generation: gen, value });
  return value;
}

/**
 * An async function no workspace code names: an API or hook that the package's
 * users or a framework await on their own loop, beside their other tasks. A nested
 * function, a dunder (`__aexit__` runs once per `async with`) or a private name
 * (dead code, or reached in a way the resolver cannot follow) is not.
 */
function isRunFromOutside(fn: PyFunction, facts: HotPathFacts): boolean {
  if (!fn.isAsync || fn.isLambda || fn.parent || fn.name.startsWith('_')) return false;
  // Tests stand in for the outside callers: they run the API, they are not its product callers.
  const productUses = usesOf(fn, facts).filter((u) => !(u.caller && isTestSupportModule(u.caller.module, facts)));
  if (productUses.length > 0 || identifiersNamed(fn.module, fn.name) > 0) return false;
  // A method may be called on a receiver the resolver cannot type: no `.name` anywhere in the workspace.
  if (!fn.cls) return true;
  return facts.scan.filesMentioning([fn.name], fn.module.file).every((file) => {
    const module = file === fn.module.file ? fn.module : facts.workspace.tryGetModule(file);
    return !!module && !some(module.root, (n) => n.type === 'attribute' && child(n, 'attribute')?.text === fn.name);
  });
}

/**
 * How many identifiers of `module` read `name` (not the names of functions defined
 * with it, sibling handlers of other classes included; not words in strings or comments).
 */
function identifiersNamed(module: PyModule, name: string): number {
  let count = 0;
  walkAll(module.root, (n) => {
    if (n.type === 'identifier' && n.text === name && !(n.parent?.type === 'function_definition' && n.field === 'name')) count++;
    return true;
  });
  return count;
}
