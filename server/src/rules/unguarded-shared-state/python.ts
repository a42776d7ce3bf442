/**
 * unguarded-shared-state, the Python reading: a global, a `nonlocal`, a `self`
 * attribute or a shared dict that is read-modify-written (`+=`, `x = x + 1`,
 * check-then-set on a dict) in a function that runs on several threads (a thread
 * target, an executor task, a `Thread` subclass's `run`), with no lock held.
 *
 * Not when the state has a single writer: a `self` attribute that only the object's
 * own thread writes (a `Thread` subclass's `run`, or a method that the object's
 * construction starts once as a thread's target), while the other methods only read
 * it. With one writer no update can be lost; a reader sees the old value or the new.
 * Nor when one thread runs per key at a time (a single flight: the thread is started
 * only under `if name not in self.running:` and adds `name` to `self.running`), for
 * what it writes under that key (`self.count[name] += 1`).
 */
import { LOCK_TYPES } from '../../lang/python/apis';
import type { PyRuleContext } from '../../lang/python/rule-context';
import type { PyFunction, PyModule } from '../../lang/python/model';
import type { PyResolver } from '../../lang/python/resolve';
import { child, type PyNode, unparen, walkOwn, walkSelf } from '../../lang/python/syntax';
import { describeCallable, findSubmissions, type TaskSubmission } from '../../lang/python/tasks';
import { quoteCode } from '../../core/quote';

export function checkUnguardedSharedStatePython(ctx: PyRuleContext): void {
  const { module, resolver } = ctx;
  const targets = new Map<PyFunction, string>();
  /** Each target's submissions, to tell a target that runs on one thread per object. */
  const started = new Map<PyFunction, TaskSubmission[]>();
  for (const s of findSubmissions(module, resolver)) {
    if (s.runsIn !== 'thread') continue;
    const info = describeCallable(s.callable, module, resolver);
    if (!info.fn || info.fn.module !== module) continue;
    if (!targets.has(info.fn)) targets.set(info.fn, s.via);
    started.set(info.fn, [...(started.get(info.fn) ?? []), s]);
  }
  const threadRuns = new Set<PyFunction>();
  for (const cls of module.classes) {
    const run = cls.methods.get('run');
    if (run && resolver.externalType({ cls }) === 'threading.Thread' && !targets.has(run)) {
      targets.set(run, 'a threading.Thread subclass');
      threadRuns.add(run);
    }
  }
  for (const [fn, via] of targets) {
    const oneThread = threadRuns.has(fn) || startedOncePerObject(fn, started.get(fn) ?? []);
    for (const hit of sharedUpdates(fn, module, resolver, singleFlightKeys(fn, started.get(fn) ?? [], module))) {
      // Single writer: one thread per object runs `fn`, and no other method writes the attribute; the others only read it.
      if (oneThread && hit.attribute !== undefined && !writtenElsewhere(fn, hit.attribute)) continue;
      ctx.report({
        start: hit.node.start,
        end: hit.node.end,
        message: `${hit.what} is not atomic, and ${quoteCode(fn.name, 30)} runs on threads`,
        detail: `${quoteCode(fn.name, 60)} runs on threads (${via}). ${hit.how}Two threads can read the same old value and one update is lost. Hold a threading.Lock around it ('with lock:').`,
      });
    }
  }
}

interface Update {
  node: PyNode;
  /** The update, for the one-line message. */
  what: string;
  /** How it is not atomic, a sentence or empty, for the detail. */
  how: string;
  /** The `self` attribute updated (`average` for `self.average += x`, `seen` for `self.seen[k] = v`), if it is one. */
  attribute?: string;
}

function sharedUpdates(fn: PyFunction, module: PyModule, resolver: PyResolver, singleFlight: Set<string>): Update[] {
  const out: Update[] = [];
  if (callsAcquire(fn)) return out;
  const selfName = fn.cls && fn.params[0] ? fn.params[0].name : undefined;
  const text = (n: PyNode) => module.text.slice(n.start, n.end);

  /** Why a target is shared between threads, or undefined if it is not. */
  const shared = (target: PyNode): string | undefined => {
    const t = unparen(target);
    if (t.type === 'identifier') {
      if (fn.globals.has(t.text!)) return `global '${t.text}'`;
      if (fn.nonlocals.has(t.text!)) return `nonlocal '${t.text}'`;
      return undefined;
    }
    if (t.type === 'attribute') {
      const obj = child(t, 'object');
      if (obj?.type === 'identifier' && obj.text === selfName) return `'${text(t)}'`;
      return undefined;
    }
    if (t.type === 'subscript') {
      const value = child(t, 'value');
      if (!value) return undefined;
      if (value.type === 'identifier') {
        const found = resolver.lookup(value.text!, fn, module);
        if (!found) return undefined;
        if (found.owner === fn) return fn.globals.has(value.text!) ? `global '${value.text}'` : undefined;
        return found.owner ? `'${value.text}' from the enclosing function` : `module-level '${value.text}'`;
      }
      return shared(value);
    }
    return undefined;
  };

  walkOwn(fn.body, (n) => {
    if (n.type === 'augmented_assignment') {
      const left = child(n, 'left');
      const why = left && !keyedBy(left, singleFlight) && shared(left);
      if (why && !guarded(n, fn, module, resolver)) out.push({ node: n, what: `${quoteCode(text(n), 30)} on ${why}`, how: 'It reads the value, computes, then writes it back. ', attribute: selfAttribute(left, selfName) });
    } else if (n.type === 'assignment') {
      const left = child(n, 'left');
      const right = child(n, 'right');
      if (left && right && (left.type === 'identifier' || left.type === 'attribute')) {
        const why = shared(left);
        if (why && mentions(right, text(left), module) && !guarded(n, fn, module, resolver)) out.push({ node: n, what: `${quoteCode(text(n), 30)} on ${why}`, how: 'It reads the value, computes, then writes it back. ', attribute: selfAttribute(left, selfName) });
      }
    } else if (n.type === 'if_statement') {
      const cond = child(n, 'condition');
      const c = cond ? unparen(cond) : undefined;
      if (c?.type === 'comparison_operator' && c.ops?.includes('not in') && c.children.length === 2) {
        const [key, container] = c.children;
        const why = !(unparen(key).type === 'identifier' && singleFlight.has(unparen(key).text ?? '')) && shared(fakeSubscript(container));
        const body = child(n, 'consequence');
        if (!why || !body) return;
        const keyText = text(key);
        let sets = false;
        walkOwn(body, (m) => {
          if (m.type === 'assignment') {
            const l = child(m, 'left');
            if (l?.type === 'subscript' && text(child(l, 'value')!) === text(container) && text(child(l, 'subscript') ?? l) === keyText) sets = true;
          }
        });
        if (sets && !guarded(n, fn, module, resolver)) {
          const end = child(n, 'consequence')!.start;
          out.push({
            node: { ...n, end: headerEnd(module.text, n.start, end) },
            what: `Check-then-set on ${why}`,
            how: `Between the check ${quoteCode(text(c), 40)} and the set, another thread can pass the same check. `,
            attribute: selfAttribute(container, selfName),
          });
        }
      }
    }
  });
  return out;
}

/**
 * The parameters of thread function `fn` that key a single flight: every start of
 * `fn` is a `Thread` of the same object, made under `if key not in self.running:`
 * (`key` the argument for the parameter), and `fn` adds the parameter to
 * `self.running` in its own code. One thread runs per key at a time, so what it
 * writes under that key (`self.count[key] += 1`) has one writer.
 */
function singleFlightKeys(fn: PyFunction, submissions: TaskSubmission[], module: PyModule): Set<string> {
  const keys = new Set<string>();
  const cls = fn.cls;
  const me = fn.params[0]?.name;
  if (!cls || !me || submissions.length === 0) return keys;
  const text = (n: PyNode) => module.text.slice(n.start, n.end);
  // `self.running.add(param)` in fn's own code: the set that marks a running key.
  const marks = new Map<string, string>();
  walkOwn(fn.body, (n) => {
    if (n.type !== 'call') return;
    const f = child(n, 'function');
    const obj = f?.type === 'attribute' ? unparen(child(f, 'object')!) : undefined;
    const args = child(n, 'arguments')?.children.filter((c) => c.type !== 'comment') ?? [];
    if (!f || child(f, 'attribute')?.text !== 'add' || obj?.type !== 'attribute' || args.length !== 1 || args[0].type !== 'identifier') return;
    const owner = child(obj, 'object');
    if (owner?.type === 'identifier' && owner.text === me) marks.set(args[0].text!, child(obj, 'attribute')?.text ?? '');
  });
  const params = fn.params.slice(1);
  for (const [index, param] of params.entries()) {
    const set = marks.get(param.name);
    if (!set || !isOwnParameter(param.name, fn)) continue;
    const ok = submissions.every((sub) => {
      if (sub.via !== 'threading.Thread' || !sub.args?.exact) return false;
      const arg = sub.args.keywords.get(param.name) ?? sub.args.positional[index];
      const starter = [...cls.methods.values()].find((m) => sub.call.start >= m.body.start && sub.call.end <= m.body.end);
      const self = starter?.params[0]?.name;
      if (!arg || !starter || !self) return false;
      return underNotInGuard(sub.call, starter, text(arg), `${self}.${set}`, text);
    });
    if (ok) keys.add(param.name);
  }
  return keys;
}

/** `node` is in the body of an `if` (or a `while`) of `fn` whose condition tests `<key> not in <set>`. */
function underNotInGuard(node: PyNode, fn: PyFunction, key: string, set: string, text: (n: PyNode) => string): boolean {
  for (let n: PyNode = node; n.parent && n !== fn.body; n = n.parent) {
    const p: PyNode = n.parent;
    if (p.type !== 'if_statement' || n !== child(p, 'consequence')) continue;
    let found = false;
    const visit = (c: PyNode) => {
      const u = unparen(c);
      if (u.type === 'comparison_operator' && u.ops?.includes('not in') && u.children.length === 2 && text(u.children[0]) === key && text(u.children[1]).replace(/\s+/g, '') === set) found = true;
      if (u.type === 'boolean_operator' && u.ops?.includes('and')) for (const k of u.children) visit(k);
    };
    const cond = child(p, 'condition');
    if (cond) visit(cond);
    if (found) return true;
  }
  return false;
}

/** `counts[name]`: a subscript by one of `keys`. */
function keyedBy(target: PyNode, keys: Set<string>): boolean {
  const t = unparen(target);
  if (t.type !== 'subscript' || keys.size === 0) return false;
  const subs = t.children.filter((c) => c.field === 'subscript');
  return subs.length === 1 && unparen(subs[0]).type === 'identifier' && keys.has(unparen(subs[0]).text ?? '');
}

/** A parameter of `fn` that `fn` never rebinds. */
function isOwnParameter(name: string, fn: PyFunction): boolean {
  const bindings = fn.locals.get(name);
  return !!bindings && bindings.length > 0 && bindings.every((b) => b.kind === 'param');
}

/** `self.x`, `self.x[k]`: the attribute `x` of the method's own object. */
function selfAttribute(target: PyNode, selfName: string | undefined): string | undefined {
  let t = unparen(target);
  while (t.type === 'subscript') t = unparen(child(t, 'value')!);
  if (t.type !== 'attribute' || !selfName) return undefined;
  const obj = child(t, 'object');
  return obj?.type === 'identifier' && obj.text === selfName ? child(t, 'attribute')?.text : undefined;
}

/** Methods that build the object: they run once per object, before anything else can see it. */
const CONSTRUCTION = new Set(['__init__', '__post_init__', '__new__']);

/**
 * `self._updater = Thread(target=self._update_loop)` in `__init__` (or in a method only
 * `__init__` calls): a method every start of which is a thread of its own object, started
 * once while the object is built (not in a loop, not from a method anyone may call again).
 * So one thread per object runs it.
 */
function startedOncePerObject(fn: PyFunction, submissions: TaskSubmission[]): boolean {
  const cls = fn.cls;
  if (!cls || submissions.length === 0) return false;
  return submissions.every((s) => {
    if (s.via !== 'threading.Thread') return false;
    const target = unparen(s.callable);
    const obj = target.type === 'attribute' ? child(target, 'object') : undefined;
    const starter = [...cls.methods.values()].find((m) => s.call.start >= m.body.start && s.call.end <= m.body.end);
    if (!starter || obj?.type !== 'identifier' || obj.text !== starter.params[0]?.name || inLoop(s.call, starter)) return false;
    return runsOnceWhileBuilt(starter, 0);
  });
}

/** A construction method, or a method called only as `self.m()` from such a method, outside loops. */
function runsOnceWhileBuilt(m: PyFunction, depth: number): boolean {
  if (CONSTRUCTION.has(m.name)) return true;
  const cls = m.cls;
  if (!cls || depth > 2) return false;
  const uses: { call: PyNode; caller: PyFunction }[] = [];
  let other = false;
  for (const caller of cls.methods.values()) {
    const me = caller.params[0]?.name;
    walkSelf(caller.body, (n) => {
      if (n.type !== 'attribute' || child(n, 'attribute')?.text !== m.name) return;
      const obj = child(n, 'object');
      if (n.parent?.type === 'call' && n.field === 'function' && obj?.type === 'identifier' && obj.text === me) uses.push({ call: n.parent, caller });
      else other = true;
    });
  }
  return !other && uses.length > 0 && uses.every((u) => u.caller !== m && !inLoop(u.call, u.caller) && runsOnceWhileBuilt(u.caller, depth + 1));
}

function inLoop(node: PyNode, fn: PyFunction): boolean {
  for (let n = node.parent; n && n !== fn.body; n = n.parent) {
    if (n.type === 'for_statement' || n.type === 'while_statement' || /comprehension|generator_expression/.test(n.type)) return true;
  }
  return false;
}

/** Whether a method of `fn`'s class other than `fn` and the construction methods writes `self.<attribute>` (or into it by key). */
function writtenElsewhere(fn: PyFunction, attribute: string): boolean {
  const cls = fn.cls;
  if (!cls) return true;
  for (const m of cls.methods.values()) {
    if (m === fn || CONSTRUCTION.has(m.name)) continue;
    const me = m.params[0]?.name;
    let writes = false;
    walkSelf(m.body, (n) => {
      if (writes) return false;
      if (n.type !== 'assignment' && n.type !== 'augmented_assignment' && n.type !== 'delete_statement') return;
      const targets = n.type === 'delete_statement' ? n.children : [child(n, 'left')];
      for (const t of targets) {
        if (t && selfAttribute(t, me) === attribute) writes = true;
        // `a, self.x = …`
        if (t && /pattern_list|tuple|list/.test(t.type) && t.children.some((c) => selfAttribute(c, me) === attribute)) writes = true;
      }
    });
    // `self.x.append(v)`, `self.x.update(…)`: written through its methods.
    walkSelf(m.body, (n) => {
      if (writes) return false;
      if (n.type !== 'call') return;
      const f = child(n, 'function');
      const o = f?.type === 'attribute' ? child(f, 'object') : undefined;
      if (o && selfAttribute(o, me) === attribute) writes = true;
    });
    if (writes) return true;
  }
  return false;
}

/** A subscript-shaped stand-in so `shared` classifies the container of `k not in d`. */
function fakeSubscript(container: PyNode): PyNode {
  return { type: 'subscript', start: container.start, end: container.end, field: null, parent: container.parent, children: [{ ...container, field: 'value' }] };
}

function headerEnd(text: string, start: number, bodyStart: number): number {
  let end = text.indexOf('\n', start);
  if (end === -1 || end > bodyStart) end = bodyStart;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}

function mentions(expr: PyNode, targetText: string, module: PyModule): boolean {
  let yes = false;
  walkSelf(expr, (n) => {
    if ((n.type === 'identifier' || n.type === 'attribute') && module.text.slice(n.start, n.end) === targetText) yes = true;
    return !yes;
  });
  return yes;
}

/** Inside `with <lock>:` (a known lock type, or a name that says it is one). */
function guarded(node: PyNode, fn: PyFunction, module: PyModule, resolver: PyResolver): boolean {
  for (let n = node.parent; n && n !== fn.body; n = n.parent) {
    if (n.type !== 'with_statement') continue;
    for (const item of n.children.find((c) => c.type === 'with_clause')?.children ?? []) {
      let value = child(item, 'value');
      if (value?.type === 'as_pattern') value = value.children[0];
      if (!value) continue;
      const sym = resolver.resolve(value, module);
      if (sym.kind === 'instance' && 'external' in sym.type && LOCK_TYPES.has(sym.type.external)) return true;
      if (/lock|mutex|sem|cond/i.test(module.text.slice(value.start, value.end))) return true;
    }
  }
  return false;
}

/** A function that calls `.acquire()` manages a lock by hand; trust it. */
function callsAcquire(fn: PyFunction): boolean {
  let yes = false;
  walkOwn(fn.body, (n) => {
    if (n.type === 'call') {
      const f = child(n, 'function');
      if (f?.type === 'attribute' && child(f, 'attribute')?.text === 'acquire') yes = true;
    }
    return !yes;
  });
  return yes;
}
