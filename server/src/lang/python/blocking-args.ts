/**
 * The argument conditions of the blocking-API tables (blocking-apis.ts), read on
 * one call: `lock.acquire(False)`, `q.get(timeout=0)` and `os.waitpid(pid,
 * os.WNOHANG)` return at once; `smtplib.SMTP()` without a host connects to
 * nothing; `os.spawnv(os.P_WAIT, …)` waits for its child where other modes only
 * start it (and are not flagged). Anything the call leaves unknown (`**kwargs`, a `*args` over the
 * position) keeps the call unflagged: a finding needs positive evidence.
 */
import { type ArgRef, type ArgTest, type BlockingApi, blockingApiNamed } from './blocking-apis';
import type { PyModule } from './model';
import { externalName, type PyResolver } from './resolve';
import { child, type PyNode, unparen } from './syntax';

/** What a call's arguments make of `api`: the API as called, or undefined when this call does not block. */
export function applyArguments(api: BlockingApi, call: PyNode, module: PyModule, resolver: PyResolver): BlockingApi | undefined {
  if (!api.unless && !api.onlyWith && !api.onlyWhen && !api.onlyInWith) return api;
  if (api.onlyInWith) return isWithItem(call) ? { ...api, why: api.onlyInWith } : undefined;
  const args = child(call, 'arguments');
  if (!args || args.type !== 'argument_list') return api;
  if (args.children.some((a) => a.type === 'dictionary_splat')) return undefined;
  if (api.onlyWith && argument(args, api.onlyWith) === undefined) return undefined;
  for (const test of api.unless ?? []) {
    const v = argument(args, test);
    if (v === 'unknown') return undefined;
    if (v && holds(test, v, module, resolver)) return undefined;
  }
  // `os.spawnv(os.P_WAIT, …)` waits; `P_NOWAIT`, or a mode this call leaves unknown, only starts the child.
  if (api.onlyWhen) {
    const v = argument(args, api.onlyWhen.arg);
    if (!v || v === 'unknown' || !names(v, api.onlyWhen.equals, module, resolver)) return undefined;
  }
  return api;
}

/** `with call:` or `with call as x:` — the context manager's exit runs when the block ends. */
function isWithItem(call: PyNode): boolean {
  const p = call.parent?.type === 'as_pattern' ? call.parent.parent : call.parent;
  return p?.type === 'with_item';
}

/** The expression given for `ref`, undefined when none is, 'unknown' when a `*args` may cover it. */
function argument(args: PyNode, ref: ArgRef): PyNode | 'unknown' | undefined {
  for (const a of args.children) if (a.type === 'keyword_argument' && child(a, 'name')?.text === ref.keyword) return child(a, 'value') ?? undefined;
  if (ref.index === undefined) return undefined;
  const positional = args.children.filter((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat');
  if (positional.slice(0, ref.index + 1).some((a) => a.type === 'list_splat')) return 'unknown';
  return positional[ref.index];
}

function holds(test: ArgTest, value: PyNode, module: PyModule, resolver: PyResolver): boolean {
  const v = unparen(value);
  switch (test.is) {
    case 'false':
      return v.type === 'false' || isZero(v);
    case 'zero':
      return isZero(v);
    case 'flag':
      return !!test.flag && names(v, test.flag, module, resolver);
  }
}

function isZero(v: PyNode): boolean {
  return (v.type === 'integer' || v.type === 'float') && Number(v.text) === 0;
}

/** `value` is `qname` (through imports and local aliases), or or-s it with other flags. */
function names(value: PyNode, qname: string, module: PyModule, resolver: PyResolver): boolean {
  const v = unparen(value);
  if (v.type === 'binary_operator' && v.ops?.[0] === '|') return v.children.some((c) => names(c, qname, module, resolver));
  return (v.type === 'attribute' || v.type === 'identifier') && externalName(resolver.resolve(v, module)) === qname;
}

/**
 * `f.read()` where `f` was bound in this same function to the call that opened it
 * (`f = open(p)`, `with open(p) as f`): that `open()` is the blocking call to report,
 * and the reads are part of the same fix (run the whole block in a thread).
 */
export function openedInSameFunction(call: PyNode, module: PyModule, resolver: PyResolver): boolean {
  const recv = child(child(call, 'function')!, 'object');
  if (!recv || recv.type !== 'identifier') return false;
  const scope = resolver.scopeOf(recv, module);
  const found = scope && resolver.lookup(recv.text!, scope, module);
  if (!found || found.owner !== scope) return false;
  return found.bindings.every((b) => {
    const value = (b.kind === 'assign' || b.kind === 'with') && b.value ? unparen(b.value) : undefined;
    const opener = value?.type === 'call' ? child(value, 'function') : undefined;
    const name = opener && externalName(resolver.resolve(opener, module));
    return !!name && !!blockingApiNamed(name);
  });
}
