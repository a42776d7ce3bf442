/**
 * Where an iterable's size comes from, in the Python model: "input" (data from
 * outside: an awaited result, parsed JSON, a parameter of a public function that
 * its callers fill), "structure" (written out in the code: a literal, a module
 * constant) or "unknown". cpu-bound-on-event-loop calls two nested loops O(n·m)
 * only when both iterables are input; unknown stays quiet. The TypeScript
 * counterpart is lang/ts/heavy-work/data-origin.ts.
 *
 * Followed: names to what they are bound to (assignments, `for` targets to their
 * iterable, parameters), comprehensions and `sorted`/`list`/`enumerate`/… to the
 * iterable they walk, `.items()`/`.split()`/… and attributes to the object they
 * are read from.
 *
 * An attribute of `self` is the object's state: what the class's methods assign to
 * it and add to it. It is input when a method fills it from outside data: assigns an
 * awaited or parsed result, adds one item per item of such data, or adds what an
 * `async def` method receives (an event-loop handler filling it per message or
 * request, `self.items.append(item)`); it is structure when every assignment is and
 * nothing adds to it. What a public synchronous method is handed (`add_route(self,
 * route)`, `register(self, hook)`) is the program registering its own parts, not
 * input, so it stays unknown, as does state the class never assigns.
 *
 * A parameter of a public module-level function is input only if its callers pass
 * input: when the workspace calls it (and does nothing else with it), the parameter
 * is what those calls hand it (`filter(hosts, allowed=("t", "s"))`, or the default
 * where a call leaves it out). With no call in the workspace it is a library's entry
 * point, and its callers are its users: input.
 */
import type { PyFunction, PyModule } from '../model';
import { candidates, externalName, type PyResolver } from '../resolve';
import { child, type PyNode, unparen, walkAll, walkSelf } from '../syntax';
import { CONTAINER_LITERALS, isConstantIterable } from './loop-facts';

export type OriginKind = 'input' | 'structure' | 'unknown';
export interface Origin {
  kind: OriginKind;
  why: string;
  /** Input only because it is a public function's parameter (callers may hand it anything, or the program's own parts). */
  parameter?: boolean;
}

const UNKNOWN: Origin = { kind: 'unknown', why: 'not traced' };
const MAX_DEPTH = 8;
/** Builtins whose result walks their (first) argument. */
const WALKING_BUILTINS = new Set(['builtins.sorted', 'builtins.list', 'builtins.set', 'builtins.tuple', 'builtins.reversed', 'builtins.enumerate', 'builtins.zip', 'builtins.frozenset', 'builtins.dict']);
/** Methods whose result is as large as their receiver. */
const DERIVING_METHODS = new Set(['items', 'keys', 'values', 'split', 'splitlines', 'copy', 'strip', 'lower', 'upper']);
const PARSERS = new Set(['json.loads', 'json.load']);

export function merge(origins: readonly Origin[]): Origin {
  const input = origins.find((o) => o.kind === 'input' && !o.parameter) ?? origins.find((o) => o.kind === 'input');
  if (input) return input;
  if (origins.length > 0 && origins.every((o) => o.kind === 'structure')) return origins[0];
  return origins.find((o) => o.kind === 'unknown') ?? UNKNOWN;
}

function lineOf(module: PyModule, node: PyNode): number {
  let line = 1;
  for (let i = 0; i < node.start && i < module.text.length; i++) if (module.text.charCodeAt(i) === 10) line++;
  return line;
}

function short(module: PyModule, node: PyNode): string {
  const text = module.text.slice(node.start, node.end).replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

const GROWING_METHODS = new Set(['append', 'add', 'extend', 'insert', 'appendleft', 'update', 'setdefault']);

/** The workspace's files by the words they contain (the backend's scan; rule-context.ts's PyWorkspaceScan has this shape). */
interface FileScan {
  filesMentioning(words: string[], near: string): string[];
}

/** A call of a function, in the module it is written in. */
interface CallSite {
  call: PyNode;
  module: PyModule;
}

export class PyDataOrigins {
  private busy = new Set<PyNode>();
  /** The workspace's files by the words they contain, for finding a function's callers; without it, only the function's own module is searched. */
  private scan: FileScan | undefined;
  private sitesMemo = new WeakMap<PyFunction, { generation: number; sites: CallSite[] | undefined }>();
  constructor(private readonly resolver: PyResolver) {}

  useScan(scan: FileScan | undefined): void {
    this.scan = scan;
  }

  of(node: PyNode, module: PyModule, depth = 0): Origin {
    const n = unparen(node);
    if (depth > MAX_DEPTH || this.busy.has(n)) return UNKNOWN;
    this.busy.add(n);
    // A failure here is a bug: it goes up to the rule dispatch, which logs it and makes it a note.
    try {
      return this.compute(n, module, depth);
    } finally {
      this.busy.delete(n);
    }
  }

  private compute(n: PyNode, module: PyModule, depth: number): Origin {
    if (n.type === 'await') return { kind: 'input', why: `an awaited result ('${short(module, n.children[0] ?? n)}', line ${lineOf(module, n)})` };
    if (/comprehension|generator_expression/.test(n.type)) {
      const clauses = n.children.filter((c) => c.type === 'for_in_clause');
      return clauses.length > 0 ? merge(clauses.map((c) => this.of(child(c, 'right') ?? c, module, depth + 1))) : UNKNOWN;
    }
    if (CONTAINER_LITERALS.has(n.type)) {
      const spreads = n.children.filter((c) => c.type === 'list_splat' || c.type === 'dictionary_splat');
      if (spreads.length === 0) return { kind: 'structure', why: 'written out in the code' };
      return merge(spreads.map((s) => this.of(s.children[0] ?? s, module, depth + 1)));
    }
    if (n.type === 'integer' || n.type === 'true' || n.type === 'false' || n.type === 'none') return { kind: 'structure', why: 'a constant' };
    if (n.type === 'conditional_expression') return merge(n.children.filter((_, i) => i !== 1).map((c) => this.of(c, module, depth + 1)));
    if (n.type === 'boolean_operator') return merge(n.children.map((c) => this.of(c, module, depth + 1)));
    if (n.type === 'call') return this.ofCall(n, module, depth);
    if (n.type === 'attribute') {
      const object = child(n, 'object');
      if (!object) return UNKNOWN;
      const o = unparen(object);
      if (o.type === 'identifier' && (o.text === 'self' || o.text === 'cls')) return this.ofState(n, o, module, depth);
      return this.of(object, module, depth + 1);
    }
    if (n.type === 'subscript') {
      const value = child(n, 'value');
      return value ? this.of(value, module, depth + 1) : UNKNOWN;
    }
    if (n.type === 'identifier') return this.ofName(n, module, depth);
    return UNKNOWN;
  }

  private ofCall(call: PyNode, module: PyModule, depth: number): Origin {
    const fn = child(call, 'function');
    const args = child(call, 'arguments');
    if (!fn) return UNKNOWN;
    const name = externalName(this.resolver.resolve(fn, module));
    if (name && PARSERS.has(name)) return { kind: 'input', why: `parsed JSON (line ${lineOf(module, call)})` };
    const first = args?.children.find((c) => c.type !== 'keyword_argument');
    if ((name === 'builtins.range' || name === 'builtins.len') && args) {
      // `range(len(xs))`, `range(n)`: as long as what bounds it.
      const bounds = args.children.filter((c) => c.type !== 'keyword_argument');
      return bounds.length > 0 ? merge(bounds.map((b) => this.of(b, module, depth + 1))) : UNKNOWN;
    }
    if (name && WALKING_BUILTINS.has(name)) return first ? this.of(first, module, depth + 1) : { kind: 'structure', why: 'empty' };
    if ((name === 'builtins.map' || name === 'builtins.filter') && args) {
      const second = args.children.filter((c) => c.type !== 'keyword_argument')[1];
      return second ? this.of(second, module, depth + 1) : UNKNOWN;
    }
    if (fn.type === 'attribute' && DERIVING_METHODS.has(child(fn, 'attribute')?.text ?? '')) {
      const object = child(fn, 'object');
      return object ? this.of(object, module, depth + 1) : UNKNOWN;
    }
    return UNKNOWN;
  }

  /** The loops around each `name.append(…)` (or `name[k] = …`) in `body`: each adds one item per iteration. */
  private growth(name: string, body: PyNode, module: PyModule, depth: number): Origin[] {
    const out: Origin[] = [];
    walkSelf(body, (n) => {
      if (n.type !== 'call') return;
      const fn = child(n, 'function');
      if (fn?.type !== 'attribute' || !GROWING_METHODS.has(child(fn, 'attribute')?.text ?? '')) return;
      const object = child(fn, 'object');
      if (object?.type !== 'identifier' || object.text !== name) return;
      if (child(fn, 'attribute')?.text === 'extend' || child(fn, 'attribute')?.text === 'update') {
        const arg = child(n, 'arguments')?.children[0];
        out.push(arg ? this.of(arg, module, depth + 1) : UNKNOWN);
        return;
      }
      let loop: PyNode | undefined;
      for (let p = n.parent; p && p !== body; p = p.parent) {
        if (p.type === 'for_statement') { loop = p; break; }
        if (p.type === 'while_statement') { out.push(UNKNOWN); return; }
      }
      const right = loop ? child(loop, 'right') : undefined;
      out.push(right ? this.of(right, module, depth + 1) : { kind: 'structure', why: 'a fixed number of items added in the code' });
    });
    return out;
  }

  /** `self.name` read in a method: what the class's methods assign to it and add to it (see the header). */
  private ofState(attr: PyNode, self: PyNode, module: PyModule, depth: number): Origin {
    const unknown: Origin = { kind: 'unknown', why: `state of the object ('${short(module, attr)}')` };
    const name = child(attr, 'attribute')?.text;
    let method = this.resolver.scopeOf(attr, module);
    while (method && !method.cls) method = method.parent;
    const cls = method?.cls;
    if (!cls || !name || !method || method.params[0]?.name !== self.text || cls.module !== module) return unknown;
    const origins: Origin[] = [];
    for (const a of cls.attributes.get(name) ?? []) origins.push(this.of(a.value, module, depth + 1));
    for (const m of cls.methods.values()) {
      const me = m.params[0]?.name;
      if (!me) continue;
      walkSelf(m.body, (n) => {
        const site = stateGrowth(n, me, name);
        if (!site) return;
        origins.push(this.grownBy(site, m, module, depth, cls.name));
      });
    }
    if (origins.length === 0) return unknown;
    const merged = merge(origins);
    // A public parameter stored in state is the program's own registration API, not input (header).
    return merged.kind === 'input' && merged.parameter ? unknown : merged;
  }

  /** What one growth site (`self.xs.append(v)`, `self.xs[k] = v`, `self.xs.extend(vs)`) adds, as an origin. */
  private grownBy(site: { value: PyNode | undefined; many: boolean; node: PyNode }, m: PyFunction, module: PyModule, depth: number, cls: string): Origin {
    if (!site.value) return UNKNOWN;
    if (site.many) return this.of(site.value, module, depth + 1);
    let loop: PyNode | undefined;
    for (let p = site.node.parent; p && p !== m.body; p = p.parent) {
      if (p.type === 'for_statement') { loop = p; break; }
      if (p.type === 'while_statement') return UNKNOWN;
    }
    const right = loop ? child(loop, 'right') : undefined;
    if (right) {
      const o = this.of(right, module, depth + 1);
      return o.kind === 'input' && o.parameter && !m.isAsync ? UNKNOWN : o;
    }
    // One item per call: input when the item is outside data, or what an async handler receives.
    const o = this.of(site.value, module, depth + 1);
    if (o.kind !== 'input') return o.kind === 'structure' ? { kind: 'structure', why: 'a fixed number of items added in the code' } : UNKNOWN;
    if (o.parameter && !m.isAsync) return UNKNOWN;
    return { kind: 'input', why: `object state that '${cls}.${m.name}' adds to on every call (line ${lineOf(module, site.node)}), with ${o.parameter ? 'what that async handler receives' : o.why}` };
  }

  private ofName(id: PyNode, module: PyModule, depth: number): Origin {
    if (isConstantIterable(id, module, this.resolver)) return { kind: 'structure', why: 'a constant written out in the code' };
    const scope = this.resolver.scopeOf(id, module);
    const found = this.resolver.lookup(id.text!, scope, module);
    if (!found) return UNKNOWN;
    const origins: Origin[] = [];
    for (const b of found.bindings) {
      if (b.kind === 'assign' && b.value && CONTAINER_LITERALS.has(unparen(b.value).type) && found.owner) {
        // `seen = []` and then `seen.append(x)` in a loop: as long as that loop runs.
        const grown = this.growth(id.text!, found.owner.body, module, depth);
        origins.push(grown.length > 0 ? merge(grown) : this.of(b.value, module, depth + 1));
      } else if (b.kind === 'assign') origins.push(b.value ? this.of(b.value, module, depth + 1) : UNKNOWN);
      else if (b.kind === 'param') {
        const owner = found.owner;
        const param = owner?.params[b.index];
        if (!owner || !param || (b.index === 0 && owner.cls && (param.name === 'self' || param.name === 'cls'))) { origins.push(UNKNOWN); continue; }
        // A public function's callers (this module's or a library's users) hand it their data.
        const isPublic = !owner.isLambda && !owner.name.startsWith('_') && !(owner.cls?.name.startsWith('_')) && !owner.parent;
        origins.push(isPublic ? this.ofParameter(owner, b.index, depth) : UNKNOWN);
      } else if (b.kind === 'other' && (b.node.type === 'for_statement' || b.node.type === 'for_in_clause')) {
        const right = child(b.node, 'right');
        origins.push(right ? this.of(right, module, depth + 1) : UNKNOWN);
      } else {
        origins.push(UNKNOWN);
      }
    }
    return merge(origins);
  }

  /** A public function's parameter: what the workspace's calls pass it, or, with none, whatever its users will (see the header). */
  private ofParameter(owner: PyFunction, index: number, depth: number): Origin {
    const asParameter: Origin = { kind: 'input', why: `a parameter of public '${owner.name}', which its callers fill`, parameter: true };
    const param = owner.params[index];
    // A method's calls go through objects the resolver may not follow: some would be missed.
    const sites = owner.cls || param.kind === 'varargs' || param.kind === 'varkw' ? undefined : this.callSitesOf(owner);
    if (!sites || sites.length === 0) return asParameter;
    const passed: Origin[] = [];
    for (const { call, module } of sites) {
      const arg = argumentFor(call, owner, index);
      if (arg === 'unknown') return asParameter;
      passed.push(arg ? this.of(arg, module, depth + 1) : param.default ? this.of(param.default, owner.module, depth + 1) : UNKNOWN);
    }
    const merged = merge(passed);
    if (merged.kind === 'input') return merged.parameter ? asParameter : { kind: 'input', why: `${merged.why}, which a caller passes to '${owner.name}'` };
    return { kind: merged.kind, why: `what the ${sites.length === 1 ? 'one call' : `${sites.length} calls`} of '${owner.name}' pass (${merged.why})` };
  }

  /** Every call of `fn` in the workspace, or undefined when it is also used another way (handed on, stored), which could call it with anything. */
  private callSitesOf(fn: PyFunction): CallSite[] | undefined {
    const generation = this.resolver.workspace.generation;
    const known = this.sitesMemo.get(fn);
    if (known && known.generation === generation) return known.sites;
    let sites: CallSite[] | undefined = [];
    const files = [fn.module.file, ...(this.scan?.filesMentioning([fn.name], fn.module.file) ?? []).filter((f) => f !== fn.module.file)];
    for (const file of files) {
      const module = file === fn.module.file ? fn.module : this.resolver.workspace.tryGetModule(file);
      if (!module || !module.text.includes(fn.name)) continue;
      walkAll(module.root, (n) => {
        if (!sites) return false;
        const name = n.type === 'identifier' ? n : n.type === 'attribute' ? child(n, 'attribute') : undefined;
        if (!name || name.text !== fn.name || n === child(fn.node, 'name')) return true;
        if (n.type === 'identifier' && (n.field === 'attribute' || n.parent?.type === 'function_definition' || n.parent?.type === 'keyword_argument' && n.field === 'name')) return true;
        if (!candidates(this.resolver.resolve(n, module)).some((s) => s.kind === 'function' && s.fn === fn)) return true;
        // An import names it without using it.
        if (/import/.test(n.parent?.type ?? '') || /import/.test(n.parent?.parent?.type ?? '')) return true;
        if (n.parent?.type === 'call' && n.field === 'function') sites.push({ call: n.parent, module });
        else sites = undefined;
        return true;
      });
      if (!sites) break;
    }
    this.sitesMemo.set(fn, { generation, sites });
    return sites;
  }
}

/**
 * The argument a call binds to the parameter at `index` of `fn` (a module-level function):
 * by position or by keyword; undefined when the call leaves it to its default; 'unknown'
 * when a `*args` or `**kwargs` splat may supply it.
 */
export function argumentFor(call: PyNode, fn: PyFunction, index: number): PyNode | undefined | 'unknown' {
  const param = fn.params[index];
  const args = child(call, 'arguments');
  // `f(x for x in xs)`: the generator is the one positional argument.
  if (args && args.type !== 'argument_list') return index === 0 && param.kind === 'positional' ? args : undefined;
  let position = 0;
  for (const a of args?.children ?? []) {
    if (a.type === 'comment') continue;
    if (a.type === 'list_splat' || a.type === 'dictionary_splat') return 'unknown';
    if (a.type === 'keyword_argument') {
      if (child(a, 'name')?.text === param.name) return child(a, 'value') ?? 'unknown';
      continue;
    }
    if (position === index && param.kind === 'positional') return a;
    position++;
  }
  return undefined;
}

/** `self.<name>.append(v)` and the other growing methods, or `self.<name>[k] = v`, at `n`. */
function stateGrowth(n: PyNode, self: string, name: string): { value: PyNode | undefined; many: boolean; node: PyNode } | undefined {
  const isState = (e: PyNode | undefined) => {
    const u = e && unparen(e);
    if (u?.type !== 'attribute' || child(u, 'attribute')?.text !== name) return false;
    const o = child(u, 'object');
    return o?.type === 'identifier' && o.text === self;
  };
  if (n.type === 'call') {
    const fn = child(n, 'function');
    const method = fn?.type === 'attribute' ? child(fn, 'attribute')?.text ?? '' : '';
    if (!fn || !GROWING_METHODS.has(method) || !isState(child(fn, 'object'))) return undefined;
    const args = (child(n, 'arguments')?.children ?? []).filter((c) => c.type !== 'keyword_argument' && c.type !== 'comment');
    const many = method === 'extend' || method === 'update';
    // insert(i, v) and setdefault(k, v) add their last argument; the rest their first.
    const value = many || method === 'insert' || method === 'setdefault' ? args[args.length - 1] : args[0];
    return { value: method === 'setdefault' ? args[0] : value, many, node: n };
  }
  if (n.type === 'assignment') {
    const left = child(n, 'left');
    if (left?.type === 'subscript' && isState(child(left, 'value'))) return { value: child(n, 'right'), many: false, node: n };
  }
  return undefined;
}
