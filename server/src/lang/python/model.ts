/**
 * What a Python module declares: its functions and classes, their scopes, and
 * the names each scope binds (imports, definitions, assignments, parameters).
 * Built once per parsed tree; the resolver answers questions against it.
 */
import { child, childrenOf, type PyNode, walkOwn } from './syntax';

export type Binding =
  /** `import a.b` binds `a` to module `a`; `import a.b as c` binds `c` to `a.b`. */
  | { kind: 'import'; qname: string; node: PyNode }
  | { kind: 'function'; fn: PyFunction; node: PyNode }
  | { kind: 'class'; cls: PyClass; node: PyNode }
  /** An assigned name; `value` is the right-hand side when the target was the plain name. */
  | { kind: 'assign'; value: PyNode | undefined; node: PyNode }
  /** `with value as name`. */
  | { kind: 'with'; value: PyNode; node: PyNode }
  | { kind: 'param'; annotation: PyNode | undefined; index: number; node: PyNode }
  /** Bound some other way (for-loop target, except clause, walrus, global declaration...). */
  | { kind: 'other'; node: PyNode };

export interface PyParam {
  name: string;
  kind: 'positional' | 'varargs' | 'keyword-only' | 'varkw';
  hasDefault: boolean;
  /** The default value's expression, evaluated where the function is defined. */
  default?: PyNode;
  /** Positional-only (before `/`). */
  positionalOnly: boolean;
  annotation?: PyNode;
}

export interface PyFunction {
  node: PyNode;
  name: string;
  /** `Class.method`, `outer.<locals>.inner`, or `<lambda>`. */
  qualName: string;
  module: PyModule;
  isAsync: boolean;
  isLambda: boolean;
  /** The class this is a method of (directly in its body). */
  cls: PyClass | undefined;
  /** The function this one is nested in. */
  parent: PyFunction | undefined;
  params: PyParam[];
  decorators: PyNode[];
  body: PyNode;
  locals: Map<string, Binding[]>;
  globals: Set<string>;
  nonlocals: Set<string>;
}

export interface PyClass {
  node: PyNode;
  name: string;
  module: PyModule;
  parent: PyFunction | undefined;
  bases: PyNode[];
  methods: Map<string, PyFunction>;
  /** `self.x = value` in any method, and `x = value` in the class body. */
  attributes: Map<string, { value: PyNode; fn: PyFunction | undefined }[]>;
  /** The declared type of an attribute: `x: T` in the class body, `self.x: T = v` in a method. */
  annotations: Map<string, PyNode>;
}

export interface PyModule {
  file: string;
  /** Dotted module name, e.g. `pkg.sub.mod`, relative to its import root. */
  name: string;
  /** The package relative imports start from (`pkg.sub` for `pkg/sub/mod.py`). */
  packageName: string;
  text: string;
  root: PyNode;
  functions: PyFunction[];
  classes: PyClass[];
  globals: Map<string, Binding[]>;
  /** Function or lambda for a `function_definition` / `lambda` node. */
  functionOf: Map<PyNode, PyFunction>;
  classOf: Map<PyNode, PyClass>;
}

export function buildModule(file: string, name: string, packageName: string, text: string, root: PyNode): PyModule {
  const mod: PyModule = { file, name, packageName, text, root, functions: [], classes: [], globals: new Map(), functionOf: new Map(), classOf: new Map() };
  collectScope(mod, root, mod.globals, undefined, undefined, '');
  return mod;
}

function addBinding(map: Map<string, Binding[]>, name: string | undefined, b: Binding): void {
  if (!name) return;
  const list = map.get(name);
  if (list) list.push(b);
  else map.set(name, [b]);
}

/** Collects the bindings of one scope, and recurses into the scopes nested in it. */
function collectScope(mod: PyModule, body: PyNode, bindings: Map<string, Binding[]>, fn: PyFunction | undefined, cls: PyClass | undefined, prefix: string): void {
  const nested: PyNode[] = [];
  walkOwn(body, (n) => {
    switch (n.type) {
      case 'function_definition':
      case 'class_definition':
      case 'lambda':
        nested.push(n);
        if (n.type !== 'lambda') {
          const nameNode = child(n, 'name');
          // Bound below, once the nested object exists.
          void nameNode;
        }
        return false;
      case 'import_statement':
        for (const item of childrenOf(n, 'name')) bindImport(bindings, item, undefined);
        return false;
      case 'import_from_statement': {
        const from = resolveFromModule(mod, child(n, 'module_name'));
        for (const item of childrenOf(n, 'name')) bindImport(bindings, item, from);
        return false;
      }
      case 'assignment': {
        const left = child(n, 'left');
        const right = child(n, 'right');
        if (left) bindTargets(bindings, left, left.type === 'identifier' ? right : undefined, n);
        return;
      }
      case 'augmented_assignment': {
        const left = child(n, 'left');
        if (left?.type === 'identifier') addBinding(bindings, left.text, { kind: 'other', node: n });
        return;
      }
      case 'for_statement':
      case 'for_in_clause': {
        const left = child(n, 'left');
        if (left && n.type === 'for_statement') bindTargets(bindings, left, undefined, n);
        return;
      }
      case 'with_item': {
        const value = child(n, 'value');
        if (value?.type === 'as_pattern') {
          const target = child(value, 'alias');
          const expr = value.children[0];
          const id = target?.children[0];
          if (id?.type === 'identifier' && expr) addBinding(bindings, id.text, { kind: 'with', value: expr, node: n });
          else if (target) bindTargets(bindings, target, undefined, n);
        }
        return;
      }
      case 'except_clause': {
        for (const c of n.children) if (c.type === 'as_pattern') {
          const id = child(c, 'alias')?.children[0];
          if (id?.type === 'identifier') addBinding(bindings, id.text, { kind: 'other', node: n });
        }
        return;
      }
      case 'named_expression': {
        const name = child(n, 'name');
        if (name) addBinding(bindings, name.text, { kind: 'assign', value: child(n, 'value'), node: n });
        return;
      }
      case 'global_statement':
        for (const id of n.children) if (id.type === 'identifier') fn?.globals.add(id.text!);
        return false;
      case 'nonlocal_statement':
        for (const id of n.children) if (id.type === 'identifier') fn?.nonlocals.add(id.text!);
        return false;
      case 'list_comprehension':
      case 'set_comprehension':
      case 'dictionary_comprehension':
      case 'generator_expression':
        return;
    }
  });

  for (const n of nested) {
    if (n.type === 'class_definition') {
      const name = child(n, 'name')?.text ?? '<class>';
      const superclasses = child(n, 'superclasses');
      const c: PyClass = {
        node: n, name, module: mod, parent: fn,
        bases: superclasses ? superclasses.children.filter((a) => a.type !== 'keyword_argument') : [],
        methods: new Map(), attributes: new Map(), annotations: new Map(),
      };
      mod.classes.push(c);
      mod.classOf.set(n, c);
      addBinding(bindings, name, { kind: 'class', cls: c, node: n });
      const classBindings = new Map<string, Binding[]>();
      const classBody = child(n, 'body');
      if (classBody) collectScope(mod, classBody, classBindings, fn, c, `${prefix}${name}.`);
      for (const [attr, list] of classBindings) {
        for (const b of list) {
          if (b.kind === 'assign' && b.value) addAttr(c, attr, b.value, undefined);
          const type = (b.kind === 'assign' || b.kind === 'other') && b.node.type === 'assignment' && child(b.node, 'left')?.type === 'identifier' ? child(b.node, 'type') : undefined;
          if (type && !c.annotations.has(attr)) c.annotations.set(attr, type);
        }
      }
    } else {
      const isLambda = n.type === 'lambda';
      const name = isLambda ? '<lambda>' : child(n, 'name')?.text ?? '<function>';
      const decorated = n.parent?.type === 'decorated_definition' ? n.parent : undefined;
      const f: PyFunction = {
        node: n, name, qualName: isLambda ? '<lambda>' : prefix + name, module: mod,
        isAsync: !!n.isAsync, isLambda, cls, parent: fn,
        params: readParams(child(n, 'parameters')),
        decorators: decorated ? decorated.children.filter((d) => d.type === 'decorator') : [],
        body: child(n, 'body') ?? n,
        locals: new Map(), globals: new Set(), nonlocals: new Set(),
      };
      mod.functions.push(f);
      mod.functionOf.set(n, f);
      if (!isLambda) addBinding(bindings, name, { kind: 'function', fn: f, node: n });
      if (cls && !isLambda && !cls.methods.has(name)) cls.methods.set(name, f);
      else if (cls && !isLambda) cls.methods.set(name, f); // a redefinition wins, as at run time
      f.params.forEach((p, index) => addBinding(f.locals, p.name, { kind: 'param', annotation: p.annotation, index, node: n }));
      collectScope(mod, f.body, f.locals, f, undefined, `${f.qualName}.<locals>.`);
      for (const g of [...f.globals, ...f.nonlocals]) f.locals.delete(g);
      if (cls && !isLambda && f.params.length > 0 && !isStaticMethod(f)) recordSelfAttributes(cls, f);
    }
  }
}

function isStaticMethod(f: PyFunction): boolean {
  return f.decorators.some((d) => /^@\s*staticmethod\b/.test(f.module.text.slice(d.start, d.end)));
}

function addAttr(c: PyClass, name: string, value: PyNode, fn: PyFunction | undefined): void {
  const list = c.attributes.get(name);
  if (list) list.push({ value, fn });
  else c.attributes.set(name, [{ value, fn }]);
}

/** `self.x = value` anywhere in a method (not in functions nested in it). */
function recordSelfAttributes(c: PyClass, f: PyFunction): void {
  const self = f.params[0].name;
  walkOwn(f.body, (n) => {
    if (n.type !== 'assignment') return;
    const left = child(n, 'left');
    const right = child(n, 'right');
    const type = child(n, 'type');
    if (left?.type === 'attribute' && (right || type)) {
      const obj = child(left, 'object');
      const attr = child(left, 'attribute');
      if (obj?.type === 'identifier' && obj.text === self && attr?.text) {
        if (right) addAttr(c, attr.text, right, f);
        if (type && !c.annotations.has(attr.text)) c.annotations.set(attr.text, type);
      }
    }
  });
}

function bindTargets(bindings: Map<string, Binding[]>, target: PyNode, value: PyNode | undefined, stmt: PyNode): void {
  if (target.type === 'identifier') {
    addBinding(bindings, target.text, value ? { kind: 'assign', value, node: stmt } : { kind: 'other', node: stmt });
    return;
  }
  if (['pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'parenthesized_expression', 'expression_list', 'tuple', 'list'].includes(target.type)) {
    for (const c of target.children) bindTargets(bindings, c, undefined, stmt);
  }
}

function bindImport(bindings: Map<string, Binding[]>, item: PyNode, from: string | undefined): void {
  let dotted: PyNode | undefined = item;
  let alias: string | undefined;
  if (item.type === 'aliased_import') {
    dotted = child(item, 'name');
    alias = child(item, 'alias')?.text;
  }
  if (!dotted) return;
  const parts = dotted.children.filter((c) => c.type === 'identifier').map((c) => c.text!);
  if (parts.length === 0) return;
  if (from !== undefined) {
    const qname = from ? `${from}.${parts.join('.')}` : parts.join('.');
    addBinding(bindings, alias ?? parts[parts.length - 1], { kind: 'import', qname, node: item });
  } else if (alias) {
    addBinding(bindings, alias, { kind: 'import', qname: parts.join('.'), node: item });
  } else {
    addBinding(bindings, parts[0], { kind: 'import', qname: parts[0], node: item });
  }
}

/** The absolute module a `from X import` statement imports from. */
function resolveFromModule(mod: PyModule, node: PyNode | undefined): string {
  if (!node) return '';
  if (node.type === 'dotted_name') return node.children.map((c) => c.text).join('.');
  if (node.type === 'relative_import') {
    const prefix = node.children.find((c) => c.type === 'import_prefix');
    const dots = prefix ? prefix.end - prefix.start : 1;
    const rest = node.children.find((c) => c.type === 'dotted_name');
    const pkg = mod.packageName ? mod.packageName.split('.') : [];
    const base = pkg.slice(0, Math.max(0, pkg.length - (dots - 1)));
    if (rest) base.push(...rest.children.map((c) => c.text!));
    return base.join('.');
  }
  return '';
}

function readParams(node: PyNode | undefined): PyParam[] {
  const params: PyParam[] = [];
  if (!node) return params;
  let keywordOnly = false;
  for (const p of node.children) {
    let name: string | undefined;
    let kind: PyParam['kind'] = keywordOnly ? 'keyword-only' : 'positional';
    let hasDefault = false;
    let defaultValue: PyNode | undefined;
    let annotation: PyNode | undefined;
    let inner = p;
    if (p.type === 'typed_parameter') {
      annotation = child(p, 'type');
      inner = p.children.find((c) => c.field !== 'type') ?? p;
    }
    switch (inner.type) {
      case 'identifier': name = inner.text; break;
      case 'default_parameter':
      case 'typed_default_parameter':
        name = child(inner, 'name')?.text;
        annotation = child(inner, 'type');
        hasDefault = true;
        defaultValue = child(inner, 'value');
        break;
      case 'list_splat_pattern':
        name = inner.children[0]?.text; kind = 'varargs'; keywordOnly = true; break;
      case 'dictionary_splat_pattern':
        name = inner.children[0]?.text; kind = 'varkw'; break;
      case 'keyword_separator':
        keywordOnly = true; continue;
      case 'positional_separator':
        for (const q of params) q.positionalOnly = true;
        continue;
      default:
        continue;
    }
    if (name) params.push({ name, kind, hasDefault, default: defaultValue, positionalOnly: false, annotation });
  }
  return params;
}
