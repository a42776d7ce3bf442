/** unclosed-pool: the Python reading (the rule's header and meta are in index.ts). */
import { POOL_TYPES } from '../../lang/python/apis';
import type { PyRuleContext } from '../../lang/python/rule-context';
import { LineMap, lineEndAt, lineStartAt } from '../../core/positions';
import { indentOf } from '../../lang/python/fix-helpers';
import type { PyFunction, PyModule } from '../../lang/python/model';
import { child, type PyNode, unparen, walkAll, walkOwn } from '../../lang/python/syntax';
import type { Fix } from '../../core/finding';
import { quoteCode } from '../../core/quote';
import type { Rule } from '../types';

const CLEANUP: Record<string, string[][]> = {
  'multiprocessing.pool.Pool': [['close', 'join'], ['terminate', 'join'], ['terminate']],
  'multiprocessing.pool.ThreadPool': [['close', 'join'], ['terminate', 'join'], ['terminate']],
  'concurrent.futures.ThreadPoolExecutor': [['shutdown']],
  'concurrent.futures.ProcessPoolExecutor': [['shutdown']],
  'multiprocessing.Process': [['join']],
  // A Dask client keeps its connection, and with no address its own LocalCluster, until closed.
  'distributed.Client': [['close'], ['shutdown']],
};

const ADVICE: Record<string, string> = {
  'multiprocessing.pool.Pool': "use 'with Pool(...) as pool:' or call close() and join() in a finally",
  'multiprocessing.pool.ThreadPool': "use 'with ThreadPool(...) as pool:' or call close() and join() in a finally",
  'concurrent.futures.ThreadPoolExecutor': "use 'with ThreadPoolExecutor(...) as executor:' or call shutdown() in a finally",
  'concurrent.futures.ProcessPoolExecutor': "use 'with ProcessPoolExecutor(...) as executor:' or call shutdown() in a finally",
  'multiprocessing.Process': 'call join() (in a finally) so the process is reaped',
  'distributed.Client': 'use with Client(...) as client: or call client.close() in a finally',
};

export const pythonReading: Pick<Required<Rule>, 'checkPython'> = {
  checkPython(ctx: PyRuleContext): void {
    const { module, resolver } = ctx;
    for (const fn of module.functions) {
      if (fn.isLambda) continue;
      walkOwn(fn.body, (n) => {
        if (n.type !== 'call') return;
        const sym = resolver.resolve(child(n, 'function')!, module);
        if (sym.kind !== 'external' || !(POOL_TYPES.has(sym.qname) || sym.qname === 'distributed.Client')) return;
        const type = sym.qname;
        const short = type.split('.').pop()!;
        const parent = n.parent!;
        // `Pool().map(...)`: made and dropped in one expression.
        if (parent.type === 'attribute' && parent.field === 'function' && type !== 'multiprocessing.Process') {
          if (isWaitedSingleTask(n, type)) return;
          ctx.report({
            start: n.start,
            end: n.end,
            message: `This ${short} is created and dropped without being shut down`,
            detail: `Its workers outlive the call and leak until the interpreter exits. Bind it and ${ADVICE[type]}.`,
          });
          return;
        }
        if (parent.type !== 'assignment' || n.field !== 'right') return;
        const left = child(parent, 'left');
        if (left?.type !== 'identifier') return; // stored on self, in a container: owned elsewhere
        const name = left.text!;
        if (fn.globals.has(name) || fn.nonlocals.has(name)) return;
        if (type === 'multiprocessing.Process' && isDaemon(n, fn, name, module)) return;
        if (expectedToRaise(n, fn, ctx)) return;
        const verdict = judge(fn, module, name, parent, type);
        if (!verdict) return;
        ctx.report({
          start: n.start,
          end: n.end,
          message: `${quoteCode(name, 30)} (a ${short}) ${verdict}`,
          detail: `${type === 'multiprocessing.Process' ? 'An unjoined process stays a zombie' : 'Its workers leak'} until the interpreter exits. ${capitalise(ADVICE[type])}.`,
          fixes: type === 'multiprocessing.Process' ? [] : withFix(module, fn, parent, name, n),
        });
      });
    }
  },
};

const EXECUTORS = new Set(['concurrent.futures.ThreadPoolExecutor', 'concurrent.futures.ProcessPoolExecutor']);

/**
 * `ThreadPoolExecutor(1).submit(job).result()`: an executor made for one task whose
 * result is waited for in the same expression. When the expression ends the task is
 * done and nothing refers to the executor; concurrent.futures then wakes its idle
 * workers (a weak reference's callback) and they exit, so nothing leaks.
 */
function isWaitedSingleTask(ctor: PyNode, type: string): boolean {
  if (!EXECUTORS.has(type)) return false;
  const submit = ctor.parent!;
  if (child(submit, 'attribute')?.text !== 'submit') return false;
  const submitCall = submit.parent;
  const result = submitCall?.type === 'call' ? submitCall.parent : undefined;
  return result?.type === 'attribute' && result.field === 'function' && child(result, 'object') === submitCall &&
    child(result, 'attribute')?.text === 'result' && result.parent?.type === 'call';
}

/** Made inside `with pytest.raises(...)`: the constructor is expected to fail, so there is nothing to close. */
function expectedToRaise(ctor: PyNode, fn: PyFunction, ctx: PyRuleContext): boolean {
  for (let n = ctor.parent; n && n !== fn.body; n = n.parent) {
    if (n.type !== 'with_statement') continue;
    const clause = n.children.find((c) => c.type === 'with_clause');
    for (const item of clause?.children ?? []) {
      let v = child(item, 'value');
      if (v?.type === 'as_pattern') v = v.children[0];
      if (v?.type !== 'call') continue;
      const sym = ctx.resolver.resolve(child(v, 'function')!, ctx.module);
      if (sym.kind === 'external' && sym.qname === 'pytest.raises') return true;
    }
  }
  return false;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function isDaemon(ctor: PyNode, fn: PyFunction, name: string, module: PyModule): boolean {
  const args = child(ctor, 'arguments');
  if (args?.children.some((a) => a.type === 'keyword_argument' && child(a, 'name')?.text === 'daemon' && child(a, 'value')?.type === 'true')) return true;
  return new RegExp(`\\b${name}\\.daemon\\s*=\\s*True`).test(module.text.slice(fn.body.start, fn.body.end));
}

/** What is wrong with the pool's lifetime, or undefined when it is closed (or owned elsewhere). */
function judge(fn: PyFunction, module: PyModule, name: string, creation: PyNode, type: string): string | undefined {
  const cleanups: { method: string; stmt: PyNode; call: PyNode }[] = [];
  let escapes = false;
  walkAll(fn.body, (n) => {
    if (escapes) return false;
    if (n.type !== 'identifier' || n.text !== name || n.start < creation.end) return;
    if (n.field === 'attribute' || n.field === 'name') return;
    const p = n.parent!;
    if (p.type === 'attribute' && n.field === 'object') {
      const method = child(p, 'attribute')?.text ?? '';
      const call = p.parent;
      if (call?.type === 'call' && p.field === 'function') {
        if (CLEANUP[type].some((set) => set.includes(method))) cleanups.push({ method, stmt: statementOf(call), call });
        return;
      }
      if (['shutdown', 'close', 'terminate', 'join'].includes(method)) escapes = true; // registered elsewhere, e.g. atexit.register(pool.shutdown)
      return;
    }
    if (p.type === 'with_item' || (p.type === 'as_pattern' && p.parent?.type === 'with_item')) { escapes = true; return; }
    // Returned, yielded, stored, passed along or captured by a nested function: owned elsewhere.
    escapes = true;
  });
  if (escapes) return undefined;
  const methods = new Set(cleanups.map((c) => c.method));
  const complete = CLEANUP[type].some((set) => set.every((m) => methods.has(m)));
  if (cleanups.length === 0) return `is never ${type === 'multiprocessing.Process' ? 'joined' : 'closed'}`;
  if (!complete) {
    const missing = CLEANUP[type][0].filter((m) => !methods.has(m));
    return `is never ${missing.map((m) => (m === 'join' ? 'joined' : m === 'close' ? 'closed' : `${m}()`)).join(' or ')}`;
  }
  const creationStmt = statementOf(creation);
  const sure = cleanups.filter((c) => inFinally(c.stmt, fn) || c.stmt.parent === creationStmt.parent || afterEnclosingWith(creationStmt, c.stmt));
  if (sure.length === 0) return 'is closed only on some paths';
  const last = Math.min(...sure.map((c) => c.stmt.start));
  if (sure.some((c) => inFinally(c.stmt, fn))) return undefined;
  let exit: PyNode | undefined;
  walkOwn(fn.body, (n) => {
    if (exit) return false;
    if ((n.type === 'return_statement' || n.type === 'raise_statement') && n.start > creation.end && n.start < last) exit = n;
  });
  if (exit) {
    const line = new LineMap(module.text).lineOf(exit.start) + 1;
    return `is not closed when the function leaves early (line ${line})`;
  }
  return undefined;
}

/**
 * `with pytest.warns(...): client = Client(...)` then `client.close()` after the
 * `with`: the creation's block is only `with` bodies inside the cleanup's block,
 * which run once and fall through, so the cleanup runs on every path.
 */
function afterEnclosingWith(creation: PyNode, cleanup: PyNode): boolean {
  for (let n = creation.parent; n; n = n.parent) {
    if (n === cleanup.parent) return true;
    if (n.type !== 'block' && n.type !== 'with_statement') return false;
  }
  return false;
}

function statementOf(node: PyNode): PyNode {
  let n = node;
  while (n.parent && n.parent.type !== 'block' && n.parent.type !== 'module') n = n.parent;
  return n;
}

function inFinally(node: PyNode, fn: PyFunction): boolean {
  for (let n = node.parent; n && n !== fn.body; n = n.parent) if (n.type === 'finally_clause') return true;
  return false;
}

/**
 * `name = Ctor(...)` followed by the rest of its block → `with Ctor(...) as name:`
 * holding the rest of the block, with the explicit cleanup calls dropped.
 */
function withFix(module: PyModule, fn: PyFunction, assignment: PyNode, name: string, ctor: PyNode): Fix[] {
  const stmt = assignment.parent;
  if (stmt?.type !== 'expression_statement' || stmt.parent?.type !== 'block') return [];
  const block = stmt.parent;
  const index = block.children.indexOf(stmt);
  const rest = block.children.slice(index + 1);
  if (rest.length === 0) return [];
  const text = module.text;
  const isCleanup = (s: PyNode) => {
    const call = s.type === 'expression_statement' ? unparen(s.children[0]) : undefined;
    const f = call?.type === 'call' ? child(call, 'function') : undefined;
    return f?.type === 'attribute' && child(f, 'object')?.text === name && ['close', 'join', 'shutdown', 'terminate'].includes(child(f, 'attribute')?.text ?? '');
  };
  const body = rest.filter((s) => !isCleanup(s));
  if (body.length === 0) return [];
  const slice = text.slice(lineStartAt(text, rest[0].start), lineEndAt(text, rest[rest.length - 1].end));
  if (/"""|'''/.test(slice)) return []; // re-indenting would change string contents
  const indent = indentOf(text, stmt);
  const unit = indent.includes('\t') ? '\t' : '    ';
  const lines: string[] = [];
  for (const s of rest) {
    if (isCleanup(s)) continue;
    const chunk = text.slice(lineStartAt(text, s.start), lineEndAt(text, s.end));
    lines.push(chunk.split('\n').map((l) => (l.trim() ? unit + l : l)).join('\n'));
  }
  const header = `with ${text.slice(ctor.start, ctor.end)} as ${name}:`;
  return [{
    title: `Use 'with' for '${name}'`,
    edits: [{ start: stmt.start, end: lineEndAt(text, rest[rest.length - 1].end), newText: `${header}\n${lines.join('\n')}` }],
    safe: false,
    preferred: true,
  }];
}
