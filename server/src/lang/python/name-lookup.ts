/**
 * Address lookups that look no name up. `socket.getaddrinfo()` and
 * `socket.gethostbyname()` wait on DNS only when they are handed a host name:
 * with no host (`None`, `''`), an IP address literal, or the `AI_NUMERICHOST`
 * flag they return at once. The host and the flags are often parameters of a
 * helper (tornado's `bind_sockets(port, address=None, flags=None)`, which
 * `HTTPServer.listen(8888)` reaches), so their values are followed back through
 * the parameters of each function on the call chain to the call that starts it.
 */
import type { PyFunction, PyModule } from './model';
import { externalName, type PyResolver } from './resolve';
import { child, type PyNode, unparen } from './syntax';

/** The lookups this file knows, by canonical name. */
export const NAME_LOOKUPS = new Set(['socket.getaddrinfo', 'socket.gethostbyname']);

/**
 * One function on a call chain, with the call that entered it: its parameters
 * are the arguments of `call`, read in `caller`. The frame where the chain
 * starts has no call, and its parameters are unknown.
 */
export interface CallFrame {
  fn: PyFunction;
  call?: PyNode;
  caller?: CallFrame;
}

/** An expression a name can hold, and the module its text is in. */
interface Value {
  node: PyNode;
  module: PyModule;
}

const MAX_DEPTH = 8;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f:.]*:[0-9a-f:.]*(?:%[\w.-]+)?$/i;

/**
 * Whether `call`, a `getaddrinfo`/`gethostbyname` named `name`, is sure to look
 * up no name: every value its host can have is `None`, `''` or an IP address
 * literal, or every value of its flags includes `AI_NUMERICHOST`. `frame` binds
 * the parameters of the function the call is made in, where they are known.
 */
export function looksUpNoName(name: string, call: PyNode, module: PyModule, resolver: PyResolver, frame?: CallFrame): boolean {
  const host = argumentAt(call, 0, 'host');
  const hosts = host && valuesOf(host, module, resolver, frame, 0);
  if (hosts && hosts.every(isNoLookupHost)) return true;
  if (name !== 'socket.getaddrinfo') return false;
  const flags = argumentAt(call, 5, 'flags');
  const flagValues = flags && valuesOf(flags, module, resolver, frame, 0);
  return !!flagValues && flagValues.every((v) => setsNumericHost(v.node, v.module, resolver));
}

/** `socket.AI_NUMERICHOST`, alone or or-ed with other flags. */
function setsNumericHost(node: PyNode, module: PyModule, resolver: PyResolver): boolean {
  const n = unparen(node);
  if (n.type === 'binary_operator' && (n.ops?.[0] === '|' || n.ops?.[0] === '+')) return n.children.some((c) => setsNumericHost(c, module, resolver));
  return (n.type === 'attribute' || n.type === 'identifier') && externalName(resolver.resolve(n, module)) === 'socket.AI_NUMERICHOST';
}

/** The argument given for a parameter at `index` (or by keyword `keyword`) in a call to an external function. */
function argumentAt(call: PyNode, index: number, keyword: string): PyNode | undefined {
  const args = child(call, 'arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  for (const a of args.children) if (a.type === 'keyword_argument' && child(a, 'name')?.text === keyword) return child(a, 'value');
  const positional = args.children.filter((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat');
  if (positional.slice(0, index + 1).some((a) => a.type === 'list_splat')) return undefined;
  return positional[index];
}

function isNoLookupHost(v: Value): boolean {
  if (v.node.type === 'none') return true;
  const s = literalString(v.node);
  return s !== undefined && (s === '' || IPV4.test(s) || (s.includes(':') && IPV6.test(s)));
}

/** The text of a plain string literal (no interpolation, no escapes), else undefined. */
function literalString(n: PyNode): string | undefined {
  if (n.type !== 'string') return undefined;
  let text = '';
  for (const c of n.children) {
    if (c.type === 'string_content') text += c.text ?? '';
    else if (c.type !== 'string_start' && c.type !== 'string_end') return undefined;
  }
  return text;
}

/**
 * The expressions `expr` can evaluate to: itself, unless it is a name, which is
 * followed to every value bound to it (a parameter to its argument in the frame's
 * call, or its default when the call leaves it out). Undefined when some value
 * cannot be known: a parameter with no call to read, `*args`, a loop variable.
 */
function valuesOf(expr: PyNode, module: PyModule, resolver: PyResolver, frame: CallFrame | undefined, depth: number): Value[] | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const e = unparen(expr);
  if (e.type !== 'identifier') return [{ node: e, module }];
  const found = resolver.lookup(e.text!, resolver.scopeOf(e, module), module);
  if (!found || found.bindings.length === 0) return undefined;
  const here = frame && found.owner === frame.fn ? frame : undefined;
  const values: Value[] = [];
  const guarded: { value: PyNode; when: (v: Value) => boolean }[] = [];
  for (const b of found.bindings) {
    if (b.kind === 'param') {
      const vs = here && found.owner && paramValues(found.owner, b.index, here, resolver, depth + 1);
      if (!vs) return undefined;
      values.push(...vs);
    } else if (b.kind === 'assign' && b.value) {
      const when = defaultFillGuard(b.node, e.text!, resolver);
      if (when) {
        guarded.push({ value: b.value, when });
        continue;
      }
      const vs = valuesOf(b.value, module, resolver, here, depth + 1);
      if (!vs) return undefined;
      values.push(...vs);
    } else if (b.kind === 'import') {
      // An imported name is what it names (`from socket import AI_NUMERICHOST`).
      values.push({ node: e, module });
    } else {
      return undefined;
    }
  }
  // `if flags is None: flags = AI_PASSIVE` only runs when a value that passes its test came in.
  for (const g of guarded) {
    if (values.length > 0 && !values.some(g.when)) continue;
    const vs = valuesOf(g.value, module, resolver, here, depth + 1);
    if (!vs) return undefined;
    values.push(...vs);
  }
  return values;
}

/**
 * For `name = …` as the body of `if name is None:` (or `== None`, `== ''`, `not name`):
 * the test an incoming value must pass for the assignment to run.
 */
function defaultFillGuard(assignment: PyNode, name: string, resolver: PyResolver): ((v: Value) => boolean) | undefined {
  const stmt = assignment.parent;
  const block = stmt?.parent;
  const ifStmt = block?.parent;
  if (stmt?.type !== 'expression_statement' || block?.type !== 'block' || block.field !== 'consequence' || ifStmt?.type !== 'if_statement') return undefined;
  const cond = unparen(child(ifStmt, 'condition')!);
  if (cond.type === 'not_operator') {
    const arg = child(cond, 'argument');
    if (arg && unparen(arg).type === 'identifier' && unparen(arg).text === name) return (v) => isFalsyLiteral(v.node) || !isLiteral(v.node);
    return undefined;
  }
  if (cond.type !== 'comparison_operator' || cond.children.length !== 2 || cond.ops?.length !== 1) return undefined;
  const [left, right] = cond.children.map(unparen);
  const op = cond.ops[0];
  if (left.type !== 'identifier' || left.text !== name) return undefined;
  if ((op === 'is' || op === '==') && right.type === 'none') return (v) => mayBeNone(v, resolver);
  if (op === '==' && literalString(right) === '') return (v) => literalString(v.node) === '' || !isLiteral(v.node);
  return undefined;
}

const LITERALS = new Set(['none', 'string', 'integer', 'float', 'true', 'false']);

/** Expressions that never evaluate to None. */
const NEVER_NONE = new Set([
  'string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'binary_operator', 'unary_operator', 'not_operator',
  'comparison_operator', 'list', 'tuple', 'set', 'dictionary', 'list_comprehension', 'set_comprehension',
  'dictionary_comprehension', 'generator_expression', 'lambda',
]);

/** Whether a value can be None: not a literal or an operator's result, nor a constant of a library module (`socket.AI_PASSIVE`). */
function mayBeNone(v: Value, resolver: PyResolver): boolean {
  if (NEVER_NONE.has(v.node.type)) return false;
  if (v.node.type === 'attribute') {
    const owner = resolver.resolve(child(v.node, 'object')!, v.module);
    if (owner.kind === 'external' && resolver.resolve(v.node, v.module).kind === 'external') return false;
  }
  return true;
}

function isLiteral(n: PyNode): boolean {
  return LITERALS.has(n.type);
}

function isFalsyLiteral(n: PyNode): boolean {
  return n.type === 'none' || n.type === 'false' || literalString(n) === '' || (n.type === 'integer' && Number(n.text) === 0);
}

/** The values parameter `index` of `fn` has in the frame's call: its argument, or its default. */
function paramValues(fn: PyFunction, index: number, frame: CallFrame, resolver: PyResolver, depth: number): Value[] | undefined {
  const param = fn.params[index];
  if (!frame.call || !frame.caller || !param) return undefined;
  const arg = argumentFor(frame.call, fn, index, frame.caller.fn.module, resolver);
  if (arg === undefined) return undefined;
  if (arg === 'absent') return param.default ? valuesOf(param.default, fn.module, resolver, undefined, depth) : undefined;
  return valuesOf(arg, frame.caller.fn.module, resolver, frame.caller, depth);
}

/** The argument `call` passes for parameter `index` of `fn`; 'absent' when it passes none; undefined when unknown (splats). */
function argumentFor(call: PyNode, fn: PyFunction, index: number, module: PyModule, resolver: PyResolver): PyNode | 'absent' | undefined {
  const args = child(call, 'arguments');
  const param = fn.params[index];
  if (!args || args.type !== 'argument_list' || param.kind === 'varargs' || param.kind === 'varkw') return undefined;
  if (!param.positionalOnly) {
    for (const a of args.children) if (a.type === 'keyword_argument' && child(a, 'name')?.text === param.name) return child(a, 'value');
  }
  const splat = args.children.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat');
  if (param.kind === 'positional') {
    const offset = boundArguments(call, fn, module, resolver);
    if (offset === undefined || index < offset) return undefined;
    const positional = args.children.filter((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat');
    const at = index - offset;
    if (positional.slice(0, at + 1).some((a) => a.type === 'list_splat')) return undefined;
    if (at < positional.length) return positional[at];
  }
  return splat ? undefined : 'absent';
}

/** How many leading parameters the call binds implicitly: 1 for `obj.method()` and class methods, 0 for plain calls. */
function boundArguments(call: PyNode, fn: PyFunction, module: PyModule, resolver: PyResolver): number | undefined {
  if (!fn.cls) return 0;
  const decorated = (re: RegExp) => fn.decorators.some((d) => re.test(fn.module.text.slice(d.start, d.end)));
  if (decorated(/^@\s*staticmethod\b/)) return 0;
  if (decorated(/^@\s*classmethod\b/)) return 1;
  const callee = child(call, 'function');
  if (callee?.type !== 'attribute') return undefined;
  // `Cls.method(obj, …)` passes the instance itself.
  return resolver.resolve(child(callee, 'object')!, module).kind === 'class' ? 0 : 1;
}

/**
 * Whether `node`, in `frame.fn`'s body, sits in an `if` branch that the frame's call cannot
 * take: the test is a name (or an `and` of tests, one of them such a name) every value of
 * which is a falsy literal there, such as a parameter the call leaves at its `None` default.
 * redis' `get_node(node_name=…)` never enters `if host and port:`, where the lookup is.
 */
export function inUntakenBranch(node: PyNode, frame: CallFrame, resolver: PyResolver): boolean {
  const module = frame.fn.module;
  const falsy = (test: PyNode): boolean => {
    const t = unparen(test);
    if (t.type === 'boolean_operator' && t.ops?.[0] === 'and') return t.children.some(falsy);
    if (t.type !== 'identifier') return false;
    const values = valuesOf(t, module, resolver, frame, 0);
    return values !== undefined && values.length > 0 && values.every((v) => isFalsyLiteral(v.node));
  };
  for (let n: PyNode = node; n.parent && n !== frame.fn.body; n = n.parent) {
    if (n.parent.type === 'if_statement' && n.field === 'consequence') {
      const cond = child(n.parent, 'condition');
      if (cond && falsy(cond)) return true;
    }
  }
  return false;
}
