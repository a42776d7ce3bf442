/**
 * unguarded-shared-state, the Python reading: a global, a `nonlocal`, a `self`
 * attribute or a shared dict that is read-modify-written (`+=`, `x = x + 1`,
 * check-then-set on a dict) in a function that runs on several threads (a thread
 * target, an executor task, a `Thread` subclass's `run`), with no lock held.
 */
import { LOCK_TYPES } from '../../lang/python/apis';
import type { PyRuleContext } from '../../lang/python/rule-context';
import type { PyFunction, PyModule } from '../../lang/python/model';
import type { PyResolver } from '../../lang/python/resolve';
import { child, type PyNode, unparen, walkOwn, walkSelf } from '../../lang/python/syntax';
import { describeCallable, findSubmissions } from '../../lang/python/tasks';
import { quoteCode } from '../../core/quote';

export function checkUnguardedSharedStatePython(ctx: PyRuleContext): void {
  const { module, resolver } = ctx;
  const targets = new Map<PyFunction, string>();
  for (const s of findSubmissions(module, resolver)) {
    if (s.runsIn !== 'thread') continue;
    const info = describeCallable(s.callable, module, resolver);
    if (info.fn && info.fn.module === module && !targets.has(info.fn)) targets.set(info.fn, s.via);
  }
  for (const cls of module.classes) {
    const run = cls.methods.get('run');
    if (run && resolver.externalType({ cls }) === 'threading.Thread' && !targets.has(run)) targets.set(run, 'a threading.Thread subclass');
  }
  for (const [fn, via] of targets) {
    for (const hit of sharedUpdates(fn, module, resolver)) {
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
}

function sharedUpdates(fn: PyFunction, module: PyModule, resolver: PyResolver): Update[] {
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
      const why = left && shared(left);
      if (why && !guarded(n, fn, module, resolver)) out.push({ node: n, what: `${quoteCode(text(n), 30)} on ${why}`, how: 'It reads the value, computes, then writes it back. ' });
    } else if (n.type === 'assignment') {
      const left = child(n, 'left');
      const right = child(n, 'right');
      if (left && right && (left.type === 'identifier' || left.type === 'attribute')) {
        const why = shared(left);
        if (why && mentions(right, text(left), module) && !guarded(n, fn, module, resolver)) out.push({ node: n, what: `${quoteCode(text(n), 30)} on ${why}`, how: 'It reads the value, computes, then writes it back. ' });
      }
    } else if (n.type === 'if_statement') {
      const cond = child(n, 'condition');
      const c = cond ? unparen(cond) : undefined;
      if (c?.type === 'comparison_operator' && c.ops?.includes('not in') && c.children.length === 2) {
        const [key, container] = c.children;
        const why = shared(fakeSubscript(container));
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
          });
        }
      }
    }
  });
  return out;
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
