/**
 * Syntactic facts about loops, recursion and names that the heavy-work and
 * CPU-profile facts are built from: constant iterables, shrinking arguments,
 * exclusive branches, names that are only read.
 */
import type { PyFunction, PyModule } from '../model';
import { externalName, type PyResolver } from '../resolve';
import { child, type PyNode, unparen, walkAll, walkOwn, walkSelf } from '../syntax';

export const CONTAINER_LITERALS = new Set(['list', 'dictionary', 'set', 'tuple', 'list_comprehension', 'dictionary_comprehension', 'set_comprehension', 'string', 'concatenated_string']);

/** `f(n - 1)`, `f(s[1:])`, `f(s[:-1])`: an argument one constant step smaller than a parameter. */
export function shrinksByConstant(call: PyNode, params: Set<string>): boolean {
  const args = child(call, 'arguments');
  if (!args || args.type !== 'argument_list') return false;
  return args.children.some((a0) => {
    const a = unparen(a0.type === 'keyword_argument' ? child(a0, 'value') ?? a0 : a0);
    if (a.type === 'binary_operator' && a.ops?.[0] === '-') {
      const [l, r] = a.children;
      return l?.type === 'identifier' && params.has(l.text!) && r?.type === 'integer';
    }
    if (a.type === 'subscript') {
      const v = child(a, 'value');
      const sl = child(a, 'subscript');
      return v?.type === 'identifier' && params.has(v.text!) && sl?.type === 'slice' && /^\s*(1\s*:|:\s*-\s*1)\s*$/.test(sliceText(sl));
    }
    return false;
  });
}

function sliceText(slice: PyNode): string {
  // Rebuilt from the children: `1:` has one integer child before the colon, `:-1` a unary minus.
  const parts = slice.children.map((c) => (c.type === 'integer' ? c.text : c.type === 'unary_operator' ? `-${c.children[0]?.text ?? ''}` : '?'));
  if (parts.length !== 1) return '?';
  return slice.start === slice.children[0].start ? `${parts[0]}:` : `:${parts[0]}`;
}

export function insideLoop(node: PyNode, fn: PyFunction): boolean {
  for (let n = node.parent; n && n !== fn.body; n = n.parent) {
    if (n.type === 'for_statement' || n.type === 'while_statement' || n.type === 'for_in_clause' || /comprehension|generator_expression/.test(n.type)) return true;
  }
  return false;
}

/** Whether two nodes sit in different branches of one conditional, so at most one runs. */
export function exclusive(a: PyNode, b: PyNode): boolean {
  const ancestors = new Set<PyNode>();
  for (let n: PyNode | null = a; n; n = n.parent) ancestors.add(n);
  let lca: PyNode | null = b;
  while (lca && !ancestors.has(lca)) lca = lca.parent;
  if (!lca) return false;
  return ['if_statement', 'elif_clause', 'conditional_expression', 'match_statement', 'try_statement', 'boolean_operator'].includes(lca.type);
}

export function hasExit(body: PyNode): boolean {
  let yes = false;
  walkOwn(body, (n) => {
    if (n.type === 'break_statement' || n.type === 'return_statement' || n.type === 'raise_statement' || n.type === 'yield') yes = true;
    return !yes;
  });
  return yes;
}

export function targetNames(target: PyNode | undefined, names = new Set<string>()): Set<string> {
  if (!target) return names;
  if (target.type === 'identifier') names.add(target.text!);
  else if (['pattern_list', 'tuple_pattern', 'list_pattern', 'parenthesized_expression', 'list_splat_pattern'].includes(target.type)) {
    for (const c of target.children) targetNames(c, names);
  }
  return names;
}

/**
 * An iterable computed from the outer loop's per-item data (`row`, `row.cells`,
 * `graph[node]`, `range(len(row))`) walks nested structure, not the input n × n.
 * A `range` is per-item only when every name in it (callees aside) is per-item:
 * `range(i + 1, n)` still runs over the input.
 */
export function derivedFrom(iter: PyNode, outerVars: Set<string>): boolean {
  const it = unparen(iter);
  const isRange = it.type === 'call' && child(it, 'function')?.type === 'identifier' && child(it, 'function')?.text === 'range';
  let perItem = false;
  let input = false;
  walkSelf(isRange ? child(it, 'arguments') ?? it : it, (n) => {
    if (n.type !== 'identifier' || n.field === 'attribute' || (isRange && isCallee(n))) return;
    if (outerVars.has(n.text!)) perItem = true;
    else input = true;
  });
  return isRange ? perItem && !input : perItem;
}

/** `len` in `len(a)`, `mod` in `mod.f(x)`: names that are called, not iterated. */
function isCallee(n: PyNode): boolean {
  let m: PyNode = n;
  while (m.parent?.type === 'attribute' && m.field === 'object') m = m.parent;
  return m.field === 'function' && m.parent?.type === 'call';
}

/**
 * Small, fixed-size iterables: literals, `range(<literal>)`, `random.sample(x, <literal>)`,
 * `**kwargs` and its views, and module-level names (here or imported) bound once to a literal.
 */
export function isConstantIterable(iter: PyNode, module: PyModule, resolver: PyResolver, depth = 0): boolean {
  if (depth > 4) return false;
  const it = unparen(iter);
  if (CONTAINER_LITERALS.has(it.type)) return !/comprehension/.test(it.type);
  if (it.type === 'call') {
    const fnNode = child(it, 'function')!;
    const args = child(it, 'arguments');
    if (fnNode.type === 'attribute' && ['items', 'keys', 'values'].includes(child(fnNode, 'attribute')?.text ?? '') && args?.children.length === 0) {
      return isConstantIterable(child(fnNode, 'object')!, module, resolver, depth + 1);
    }
    const name = externalName(resolver.resolve(fnNode, module));
    if ((name === 'builtins.range' || name === 'builtins.enumerate' || name === 'builtins.reversed' || name === 'builtins.sorted') && args) {
      return args.children.length > 0 && args.children.every((a) => a.type === 'integer' || (a.type !== 'keyword_argument' && isConstantIterable(a, module, resolver, depth + 1)));
    }
    if (name === 'random.sample' && args) return args.children[1]?.type === 'integer';
    return false;
  }
  if (it.type === 'identifier') {
    const scope = resolver.scopeOf(it, module);
    const found = resolver.lookup(it.text!, scope, module);
    if (!found) return false;
    if (found.owner) {
      if (found.bindings.length !== 1) return false;
      const b = found.bindings[0];
      // `**kwargs`: as many entries as the call spelled out.
      if (b.kind === 'param') return found.owner.params[b.index]?.kind === 'varkw';
      // `skip = ["run_spec"]`, only ever read: as long as the function text makes it.
      return b.kind === 'assign' && !!b.value && isFixedLiteral(b.value) && onlyRead(it.text!, b.node, found.owner, module, resolver);
    }
    if (found.bindings.length !== 1) return false;
    const b = found.bindings[0];
    if (b.kind === 'assign' && b.value) return CONTAINER_LITERALS.has(unparen(b.value).type) && !/comprehension/.test(unparen(b.value).type);
    if (b.kind === 'import') {
      const dot = b.qname.lastIndexOf('.');
      const home = dot > 0 ? resolver.workspace.findModule(b.qname.slice(0, dot), module.file) : undefined;
      const def = home?.globals.get(b.qname.slice(dot + 1));
      const v = def?.length === 1 && def[0].kind === 'assign' ? def[0].value : undefined;
      return !!v && CONTAINER_LITERALS.has(unparen(v).type) && !/comprehension/.test(unparen(v).type);
    }
  }
  return false;
}

function isFixedLiteral(value: PyNode): boolean {
  const v = unparen(value);
  return CONTAINER_LITERALS.has(v.type) && !/comprehension/.test(v.type);
}

/**
 * Whether every use of a local bound once (by `binding`) only reads it: no method
 * call on it (`skip.append(x)` grows it), no item assignment or `del`, no other
 * assignment, and no passing it to a function outside the builtins, which may grow it.
 */
function onlyRead(name: string, binding: PyNode, owner: PyFunction, module: PyModule, resolver: PyResolver): boolean {
  let ok = true;
  walkAll(owner.body, (n) => {
    if (!ok) return false;
    if (n.type !== 'identifier' || n.text !== name || n.field === 'attribute') return;
    const p = n.parent;
    if (!p) return;
    if (p === binding && n.field === 'left') return;
    if (p.type === 'keyword_argument' && n.field === 'name') return;
    if (p.type === 'attribute' && n.field === 'object') ok = false;
    else if (p.type === 'subscript' && n.field === 'value' && (isAssignedName(p) || p.parent?.type === 'delete_statement')) ok = false;
    else if (p.type === 'delete_statement' || p.type === 'global_statement' || p.type === 'nonlocal_statement') ok = false;
    else if (isAssignedName(n)) ok = false;
    else {
      const args = p.type === 'keyword_argument' ? p.parent : p;
      const call = args?.type === 'argument_list' ? args.parent : undefined;
      if (call?.type === 'call' && !externalName(resolver.resolve(child(call, 'function')!, module))?.startsWith('builtins.')) ok = false;
    }
  });
  return ok;
}

/** A name or item that is (part of) the target of an assignment, `for`, `with ... as` or walrus. */
function isAssignedName(n: PyNode): boolean {
  for (let m: PyNode | null = n; m?.parent; m = m.parent) {
    if (m.field === 'left') return ['assignment', 'augmented_assignment', 'for_statement', 'for_in_clause'].includes(m.parent.type);
    if ((m.field === 'name' && m.parent.type === 'named_expression') || m.field === 'alias') return true;
    if (m !== n && !['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'parenthesized_expression', 'as_pattern_target'].includes(m.type)) return false;
  }
  return false;
}
