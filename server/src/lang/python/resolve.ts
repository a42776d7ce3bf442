/**
 * Name and type resolution for Python, as far as it can be known without running
 * anything: a name is looked up through the scopes that bind it, imports are
 * followed into the workspace's own modules, and a variable assigned from a known
 * constructor (`threading.Lock()`, `sqlite3.connect()`) gets that type. What is
 * not known is `unknown`, and rules stay quiet on `unknown`.
 */
import { BUILTIN_NAMES, FACTORIES, METHOD_RESULTS, SELF_ENTERING, canonical } from './apis';
import type { Binding, PyClass, PyFunction, PyModule } from './model';
import { annotatedTypeNodes, attributeSym, operatorSym } from './receiver-types';
import { child, type PyNode, unparen, walkOwn } from './syntax';
import type { PyWorkspace } from './workspace';

export type TypeRef = { external: string } | { cls: PyClass };

export type Sym =
  /** A module, class or function outside the workspace, by canonical dotted name. */
  | { kind: 'external'; qname: string }
  | { kind: 'module'; module: PyModule }
  /** `bound` is set for `obj.method` (the receiver's type). */
  | { kind: 'function'; fn: PyFunction; bound?: TypeRef }
  | { kind: 'class'; cls: PyClass }
  | { kind: 'instance'; type: TypeRef }
  /** A method of an external type, e.g. `threading.Lock.acquire`. */
  | { kind: 'method'; type: string; name: string }
  /**
   * One of several values (`A() if c else B()`, assignments in branches, `A | B`):
   * a member may be `unknown`. Rules that need one known type read a union as unknown.
   */
  | { kind: 'union'; members: Sym[] }
  | { kind: 'unknown' };

const UNKNOWN: Sym = { kind: 'unknown' };
const MAX_DEPTH = 12;

export class PyResolver {
  private cache = new Map<PyNode, Sym>();
  /** Types named in `loopwise.blockingApis.extra` (`module#Class.method`): calling the class makes one. */
  extraFactories = new Set<string>();
  private generation = -1;

  constructor(readonly workspace: PyWorkspace) {}

  private sync(): void {
    if (this.generation !== this.workspace.generation) {
      this.cache.clear();
      this.generation = this.workspace.generation;
    }
  }

  /** The function or lambda whose body holds `node`, or undefined at module level. */
  scopeOf(node: PyNode, module: PyModule): PyFunction | undefined {
    for (let n = node.parent; n; n = n.parent) {
      if (n.type === 'function_definition' || n.type === 'lambda') {
        // Default values and decorators run in the enclosing scope.
        if (n.type === 'function_definition' && !isInBody(node, n)) continue;
        return module.functionOf.get(n);
      }
    }
    return undefined;
  }

  /** The bindings a name refers to from `scope`, and the scope that owns them. */
  lookup(name: string, scope: PyFunction | undefined, module: PyModule): { bindings: Binding[]; owner: PyFunction | undefined } | undefined {
    for (let f = scope; f; f = f.parent) {
      if (f.globals.has(name)) break;
      const b = f.locals.get(name);
      if (b) return { bindings: b, owner: f };
    }
    const g = module.globals.get(name);
    if (g) return { bindings: g, owner: undefined };
    return undefined;
  }

  resolve(node: PyNode, module: PyModule, depth = 0): Sym {
    this.sync();
    const cached = this.cache.get(node);
    if (cached) return cached;
    if (depth > MAX_DEPTH) return UNKNOWN;
    const sym = this.compute(unparen(node), module, depth);
    this.cache.set(node, sym);
    return sym;
  }

  private compute(node: PyNode, module: PyModule, depth: number): Sym {
    switch (node.type) {
      case 'identifier':
        return this.resolveName(node.text!, this.scopeOf(node, module), module, node, depth);
      case 'attribute': {
        const obj = child(node, 'object');
        const attr = child(node, 'attribute')?.text;
        if (!obj || !attr) return UNKNOWN;
        return this.member(this.resolve(obj, module, depth + 1), attr, module, depth);
      }
      case 'call': {
        const fnNode = child(node, 'function');
        if (!fnNode) return UNKNOWN;
        return this.callResult(this.resolve(fnNode, module, depth + 1), depth);
      }
      case 'subscript':
      case 'binary_operator':
        return operatorSym(node, module, this, depth) ?? UNKNOWN;
      case 'conditional_expression': {
        // `A() if c else B()`: either branch's value.
        const [then, , otherwise] = node.children;
        return then && otherwise ? unionOf([this.valueSym(then, module, depth + 1), this.valueSym(otherwise, module, depth + 1)]) : UNKNOWN;
      }
      case 'boolean_operator': {
        // `param or Known()`: the left value when truthy, else the right one (`and` is left alone).
        if (node.ops?.[0] !== 'or') return UNKNOWN;
        const left = child(node, 'left');
        const right = child(node, 'right');
        return left && right ? unionOf([this.valueSym(left, module, depth + 1), this.valueSym(right, module, depth + 1)]) : UNKNOWN;
      }
      case 'await': {
        // `await make_client()`: what the coroutine function returns.
        const inner = node.children[0] && unparen(node.children[0]);
        const fnNode = inner?.type === 'call' ? child(inner, 'function') : undefined;
        if (!fnNode) return UNKNOWN;
        const callee = this.resolve(fnNode, module, depth + 1);
        return callee.kind === 'function' && callee.fn.isAsync ? this.returnType(callee.fn, depth + 1) : UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  }

  resolveName(name: string, scope: PyFunction | undefined, module: PyModule, at: PyNode | undefined, depth: number): Sym {
    const found = this.lookup(name, scope, module);
    if (!found) return BUILTIN_NAMES.has(name) ? { kind: 'external', qname: `builtins.${name}` } : UNKNOWN;
    // `x = None` placeholders say nothing about what `x` holds later.
    let bindings = found.bindings.filter((b) => !(b.kind === 'assign' && b.value?.type === 'none'));
    // In the scope of the use, the bindings that may reach it: those before it that
    // no later binding on every path to it replaces (an `else:` branch does not).
    if (at && bindings.length > 1 && found.owner === scope) bindings = reachingBindings(bindings, at);
    if (bindings.length === 0) return UNKNOWN;
    if (bindings.length === 1) return this.bindingSym(bindings[0], name, found.owner, module, depth);
    // Several bindings: one of them, each followed (a union unless they agree).
    return unionOf(bindings.map((b) => this.bindingSym(b, name, found.owner, module, depth)));
  }

  private bindingSym(b: Binding, name: string, owner: PyFunction | undefined, module: PyModule, depth: number): Sym {
    switch (b.kind) {
      case 'import':
        return this.resolveQname(b.qname, module, depth + 1);
      case 'function':
        return { kind: 'function', fn: b.fn };
      case 'class':
        return { kind: 'class', cls: b.cls };
      case 'assign': {
        const value = b.value ? this.valueSym(b.value, module, depth + 1) : UNKNOWN;
        // `client: httpx.Client = make_client()`: the annotation says what an unknown value is.
        const type = value.kind === 'unknown' && b.node.type === 'assignment' ? child(b.node, 'type') : undefined;
        return type ? this.annotatedInstance(type, module, depth) ?? value : value;
      }
      case 'with': {
        const v = this.resolve(b.value, module, depth + 1);
        if (v.kind === 'external' && v.qname === 'builtins.open') return { kind: 'instance', type: { external: 'io.File' } };
        if (v.kind === 'instance' && 'external' in v.type && SELF_ENTERING.has(v.type.external)) return v;
        if (v.kind === 'instance' && 'cls' in v.type && v.type.cls.methods.has('__enter__')) return UNKNOWN;
        return UNKNOWN;
      }
      case 'param': {
        if (owner && owner.cls && b.index === 0 && owner.params.length > 0 && owner.params[0].name === name && !owner.isLambda) {
          const deco = owner.decorators.map((d) => module.text.slice(d.start, d.end));
          if (deco.some((d) => /staticmethod/.test(d))) return UNKNOWN;
          if (deco.some((d) => /classmethod/.test(d))) return { kind: 'class', cls: owner.cls };
          return { kind: 'instance', type: { cls: owner.cls } };
        }
        return b.annotation ? this.annotatedInstance(b.annotation, module, depth) ?? UNKNOWN : UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  }

  /** The value of an assignment: a constructor call gives an instance, an alias gives what it names. */
  private valueSym(value: PyNode, module: PyModule, depth: number): Sym {
    const v = unparen(value);
    if (VALUE_TYPES.has(v.type)) return this.resolve(v, module, depth);
    return UNKNOWN;
  }

  /** What an annotation says a value is: an instance of the type it names, or of each of `A | B`. */
  annotatedInstance(annotation: PyNode, module: PyModule, depth: number): Sym | undefined {
    const nodes = annotatedTypeNodes(annotation, module, this);
    if (!nodes || nodes.length === 0) return undefined;
    const syms = nodes.map((n) => this.instanceOf(this.resolve(n, module, depth + 1)));
    return syms.every((s) => s.kind === 'unknown') ? undefined : unionOf(syms);
  }

  private returns = new Map<PyFunction, Sym>();

  /**
   * What calling a workspace function gives: its return annotation, or else the
   * value of its `return` statements when every one of them is known (`return None` aside).
   * A generator's call gives a generator, and an async function's a coroutine (see `await`).
   */
  returnType(fn: PyFunction, depth: number): Sym {
    this.sync();
    const cached = this.returns.get(fn);
    if (cached) return cached;
    if (depth > MAX_DEPTH) return UNKNOWN;
    this.returns.set(fn, UNKNOWN); // a function that returns its own call's value
    const sym = this.computeReturnType(fn, depth);
    this.returns.set(fn, sym);
    return sym;
  }

  private computeReturnType(fn: PyFunction, depth: number): Sym {
    if (fn.isLambda) return this.valueSym(fn.body, fn.module, depth + 1);
    const annotation = child(fn.node, 'return_type');
    if (annotation) return this.annotatedInstance(annotation, fn.module, depth) ?? UNKNOWN;
    const values: PyNode[] = [];
    let generator = false;
    let bare = false;
    walkOwn(fn.body, (n) => {
      if (n.type === 'yield') generator = true;
      if (n.type === 'return_statement') {
        const v = n.children[0];
        if (!v) bare = true;
        else if (v.type !== 'none') values.push(v);
      }
      return true;
    });
    if (generator || values.length === 0) return UNKNOWN;
    void bare;
    const syms = values.map((v) => this.valueSym(v, fn.module, depth + 1));
    // Every return known: one unknown `return` and the result may be anything.
    if (syms.some((s) => s.kind === 'unknown' || (s.kind === 'union' && s.members.some((m) => m.kind === 'unknown')))) return UNKNOWN;
    return unionOf(syms);
  }

  private instanceOf(t: Sym): Sym {
    if (t.kind === 'class') return { kind: 'instance', type: { cls: t.cls } };
    if (t.kind === 'external') {
      const type = canonical(t.qname);
      const made = FACTORIES[type];
      if (made && made === type) return { kind: 'instance', type: { external: type } };
    }
    return UNKNOWN;
  }

  /** Follows a dotted name from an import into the workspace, or leaves it external. */
  resolveQname(qname: string, from: PyModule, depth: number): Sym {
    if (depth > MAX_DEPTH) return UNKNOWN;
    const mod = this.workspace.findModule(qname, from.file);
    if (mod) return { kind: 'module', module: mod };
    const dot = qname.lastIndexOf('.');
    if (dot > 0) {
      const parent = this.workspace.findModule(qname.slice(0, dot), from.file);
      if (parent) {
        const name = qname.slice(dot + 1);
        if (parent === from) return UNKNOWN;
        return this.resolveName(name, undefined, parent, undefined, depth + 1);
      }
    }
    return { kind: 'external', qname: canonical(qname) };
  }

  member(obj: Sym, attr: string, module: PyModule, depth: number): Sym {
    switch (obj.kind) {
      case 'external':
        return { kind: 'external', qname: canonical(`${obj.qname}.${attr}`) };
      case 'module': {
        const b = obj.module.globals.get(attr);
        if (b) return this.resolveName(attr, undefined, obj.module, undefined, depth + 1);
        const sub = obj.module.name ? this.workspace.findModule(`${obj.module.name}.${attr}`, obj.module.file) : undefined;
        return sub ? { kind: 'module', module: sub } : UNKNOWN;
      }
      case 'class': {
        const m = findMethod(obj.cls, attr, this, depth);
        return m ? { kind: 'function', fn: m } : UNKNOWN;
      }
      case 'instance': {
        if ('external' in obj.type) return { kind: 'method', type: obj.type.external, name: attr };
        const cls = obj.type.cls;
        const m = findMethod(cls, attr, this, depth);
        if (m) return { kind: 'function', fn: m, bound: obj.type };
        const attrSym = this.attributeOf(cls, attr, depth);
        if (attrSym) return attrSym;
        const ext = externalBase(cls, this, depth);
        if (ext) return { kind: 'method', type: ext, name: attr };
        return UNKNOWN;
      }
      case 'union':
        return unionOf(obj.members.map((m) => this.member(m, attr, module, depth + 1)));
      case 'method':
        // `path.parent.exists()`, `client.mydb.users.find_one()`: an attribute of known type.
        return attributeSym(obj.type, obj.name) ? this.member(attributeSym(obj.type, obj.name)!, attr, module, depth) : UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  callResult(callee: Sym, depth: number): Sym {
    switch (callee.kind) {
      case 'external': {
        const made = FACTORIES[callee.qname] ?? (this.extraFactories.has(callee.qname) ? callee.qname : undefined);
        return made ? { kind: 'instance', type: { external: made } } : UNKNOWN;
      }
      case 'class':
        return { kind: 'instance', type: { cls: callee.cls } };
      case 'method': {
        const made = METHOD_RESULTS[`${callee.type}.${callee.name}`];
        return made ? { kind: 'instance', type: { external: made } } : UNKNOWN;
      }
      case 'function':
        return callee.fn.isAsync ? UNKNOWN : this.returnType(callee.fn, depth + 1);
      case 'union':
        return unionOf(callee.members.map((m) => this.callResult(m, depth + 1)));
      default:
        return UNKNOWN;
    }
  }

  /**
   * An attribute of an instance of `cls` that is not a method: its declared type, or
   * what it is assigned (`self.x = Known()` in any method, `x = Known()` in the class
   * body), each assignment followed when there are several.
   */
  private attributeOf(cls: PyClass, attr: string, depth: number): Sym | undefined {
    for (const c of [cls, ...this.baseClasses(cls, depth)]) {
      const annotation = c.annotations.get(attr);
      const declared = annotation && this.annotatedInstance(annotation, c.module, depth + 1);
      if (declared) return declared;
      const values = c.attributes.get(attr)?.filter((v) => v.value.type !== 'none');
      if (values && values.length > 0) return unionOf(values.map((v) => this.valueSym(v.value, c.module, depth + 1)));
      if (annotation || values) return undefined;
    }
    return undefined;
  }

  /** The external type a `TypeRef` is or derives from (a `threading.Thread` subclass is a thread). */
  externalType(type: TypeRef): string | undefined {
    if ('external' in type) return type.external;
    return externalBase(type.cls, this, 0);
  }

  /** Workspace base classes of `cls`, resolved. */
  baseClasses(cls: PyClass, depth = 0): PyClass[] {
    const out: PyClass[] = [];
    for (const b of cls.bases) {
      const s = this.resolve(b, cls.module, depth + 1);
      if (s.kind === 'class' && s.cls !== cls) out.push(s.cls);
    }
    return out;
  }
}

/** Value node types an assignment's right-hand side is followed through. */
const VALUE_TYPES = new Set(['call', 'identifier', 'attribute', 'subscript', 'binary_operator', 'conditional_expression', 'boolean_operator', 'await']);

/** One symbol for several possible values: the one they agree on, or a union (unknown when none is known). */
export function unionOf(syms: Sym[]): Sym {
  const out: Sym[] = [];
  let unknown = false;
  for (const s of syms.flatMap((x) => (x.kind === 'union' ? x.members : [x]))) {
    if (s.kind === 'unknown') unknown = true;
    else if (!out.some((o) => sameSym(o, s))) out.push(s);
  }
  if (out.length === 0) return UNKNOWN;
  if (out.length === 1 && !unknown) return out[0];
  return { kind: 'union', members: unknown ? [...out, UNKNOWN] : out };
}

/** The symbols a call's callee may be: each member of a union, or the one symbol. */
export function candidates(sym: Sym): Sym[] {
  return sym.kind === 'union' ? sym.members : [sym];
}

/**
 * Of a name's bindings in the scope of a use, those that may reach it: bound
 * before the use, and not replaced by a later binding that every path to the use
 * runs (one in a block that holds the use). Bindings after the use, reached only
 * through a loop, are left out.
 */
function reachingBindings(bindings: Binding[], at: PyNode): Binding[] {
  const before = bindings.filter((b) => b.kind === 'param' || b.node.start < at.start);
  return before.filter((b, i) => !before.some((later, j) => j !== i && later.node.start > b.node.end && later.node.end <= at.start && later.kind !== 'param' && dominates(later.node, at)));
}

/** Whether a statement-level binding runs on every path from its block to `at` (its block holds `at`). */
function dominates(bound: PyNode, at: PyNode): boolean {
  let stmt: PyNode = bound;
  while (stmt.parent && stmt.parent.type !== 'block' && stmt.parent.type !== 'module') {
    // A binding inside an expression that may not run (`a and (x := b)`, a comprehension).
    if (['boolean_operator', 'conditional_expression', 'lambda', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression'].includes(stmt.parent.type)) return false;
    stmt = stmt.parent;
  }
  const block = stmt.parent;
  return !!block && block.start <= at.start && at.end <= block.end;
}

function findMethod(cls: PyClass, name: string, r: PyResolver, depth: number, seen = new Set<PyClass>()): PyFunction | undefined {
  if (seen.has(cls) || depth > MAX_DEPTH) return undefined;
  seen.add(cls);
  const own = cls.methods.get(name);
  if (own) return own;
  for (const base of r.baseClasses(cls, depth)) {
    const m = findMethod(base, name, r, depth + 1, seen);
    if (m) return m;
  }
  return undefined;
}

function externalBase(cls: PyClass, r: PyResolver, depth: number, seen = new Set<PyClass>()): string | undefined {
  if (seen.has(cls) || depth > MAX_DEPTH) return undefined;
  seen.add(cls);
  for (const b of cls.bases) {
    const s = r.resolve(b, cls.module, depth + 1);
    if (s.kind === 'external' && FACTORIES[s.qname] === s.qname) return s.qname;
    if (s.kind === 'class') {
      const e = externalBase(s.cls, r, depth + 1, seen);
      if (e) return e;
    }
  }
  return undefined;
}

function isInBody(node: PyNode, fnNode: PyNode): boolean {
  const body = child(fnNode, 'body');
  if (body && node.start >= body.start && node.end <= body.end) return true;
  // Parameters bind in the function's own scope too (their names), but their defaults do not.
  const params = child(fnNode, 'parameters');
  if (params && node.start >= params.start && node.end <= params.end) {
    for (let n: PyNode | null = node; n && n !== params; n = n.parent) if (n.field === 'value' || n.field === 'type') return false;
    return true;
  }
  return fnNode.type === 'lambda';
}

export function sameSym(a: Sym, b: Sym): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'external': return a.qname === (b as typeof a).qname;
    case 'module': return a.module === (b as typeof a).module;
    case 'function': return a.fn === (b as typeof a).fn;
    case 'class': return a.cls === (b as typeof a).cls;
    case 'instance': {
      const t = (b as typeof a).type;
      return 'external' in a.type ? 'external' in t && t.external === a.type.external : 'cls' in t && t.cls === a.type.cls;
    }
    case 'method': return a.type === (b as typeof a).type && a.name === (b as typeof a).name;
    case 'union': {
      const m = (b as typeof a).members;
      return a.members.length === m.length && a.members.every((x, i) => (x.kind === 'unknown' ? m[i].kind === 'unknown' : sameSym(x, m[i])));
    }
    default: return false;
  }
}

/** The canonical name of an external callee, or of an external type's method (`threading.Lock.acquire`). */
export function externalName(sym: Sym): string | undefined {
  if (sym.kind === 'external') return sym.qname;
  if (sym.kind === 'method') return `${sym.type}.${sym.name}`;
  return undefined;
}
