/**
 * Where a collection's size comes from, followed back with the type checker and
 * the call graph: "input" (data from outside the program: an awaited result, a
 * promise's value, parsed JSON, an event or request callback's argument, or a
 * parameter of an exported function that its callers fill), "structure" (fixed
 * by the program text: a literal, a constant, an object's declared keys) or
 * "unknown". cpu-bound-on-event-loop calls a nest of loops O(n·m) work only when
 * both collections are input; unknown stays quiet.
 *
 * It follows variables to their initialisers and reassignments, arrays grown by
 * `push` to the loops that grow them (`for…of`, iteration callbacks, counted
 * `for` loops), elements to their collections, parameters (of functions, methods
 * and constructors) to their callers' arguments, calls of the program's own
 * functions to their `return`s, `this.x` to what the class's own members assign
 * and add to it, and property reads to the object read from. A published
 * package's `.d.ts` beside its `.js` stands for that `.js` (calls and callers are
 * followed into it). Properties of an object of one of the program's own classes
 * read from outside it (`table.columns`, `query.joins`) are that object's state,
 * which this does not follow: unknown. So is what a parameter is handed when the
 * calls the checker knows do not show data from outside; only an exported
 * function that nothing in the program calls counts its parameters as input
 * (its callers are outside), and not what is read off them.
 */
import { ts } from '../compiler';
import { aliasTarget, enclosingFunction, functionName, isFunctionLike, skipOuterExpressions, type FunctionLike } from '../ast';
import { callableName, callsIn } from '../call-name-index';
import { classifyFunction } from '../event-loop-context';
import type { TsProjectIndex } from '../project-index';
import { hasFixedKeys, isBoundedCollection } from './collection-size';
import { loopShapeOf } from './loops';

export type OriginKind = 'input' | 'structure' | 'unknown';
export interface Origin {
  kind: OriginKind;
  /** Why, as a phrase: "an awaited result (line 12)", "a parameter of exported 'save', filled by its callers". */
  why: string;
  /**
   * Input only because an exported function's callers fill the parameter: the
   * argument itself may be their data, but what is read off it (`relation.joinColumns`,
   * `options.indexes`) is as likely the caller's configuration, so properties of it are unknown.
   */
  byCaller?: boolean;
  /** For input: the node the data enters at (the `await`, the parse, the parameter), so two collections from one result can be told apart from a join of two. */
  source?: ts.Node;
}

const UNKNOWN: Origin = { kind: 'unknown', why: 'not traced' };
const MAX_DEPTH = 16;
/** Array methods whose result is as large as (or derived from) their receiver. */
const DERIVING_METHODS = new Set(['split', 'match', 'matchAll', 'map', 'filter', 'slice', 'concat', 'flat', 'flatMap', 'sort', 'reverse', 'toSorted', 'toReversed', 'entries', 'keys', 'values', 'splice', 'reduce']);
const ITERATION_CALLBACKS = new Set(['forEach', 'map', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap', 'sort']);
const GROWING_METHODS = new Set(['push', 'unshift', 'add', 'set']);
/** Other methods that change what a collection holds. */
const MUTATING_METHODS = new Set(['splice', 'fill', 'copyWithin']);
/** A use of `this.x` that only reads it: no say in its size. */
const READ = 'read';

/** How a message names a function that is handed data: `'Loader.load'`, or `new Loader()` for a constructor. */
function calleeLabel(fn: FunctionLike): string {
  if (ts.isConstructorDeclaration(fn)) return `new ${fn.parent.name?.text ?? 'class'}()`;
  return `'${functionName(fn)}'`;
}

/** The class whose instance `this` is at a node: through arrow functions, up to a method, accessor, constructor or field. */
function thisClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isArrowFunction(n)) continue;
    if (isFunctionLike(n) || ts.isPropertyDeclaration(n) || ts.isClassStaticBlockDeclaration(n)) {
      const owner = n.parent;
      if (!owner || !ts.isClassLike(owner)) return undefined;
      const isStatic = (n as { modifiers?: readonly ts.Node[] }).modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) || ts.isClassStaticBlockDeclaration(n);
      return isStatic ? undefined : owner;
    }
    if (ts.isClassLike(n)) return undefined;
  }
  return undefined;
}

function lineOf(node: ts.Node): number {
  const sf = node.getSourceFile();
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

function short(node: ts.Node): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/** Either may happen: input if either can grow with input, structure only if both are fixed. */
export function merge(origins: readonly Origin[]): Origin {
  const input = origins.find((o) => o.kind === 'input');
  if (input) return input;
  if (origins.length > 0 && origins.every((o) => o.kind === 'structure')) return origins[0];
  return origins.find((o) => o.kind === 'unknown') ?? UNKNOWN;
}

/**
 * A published package's own `.d.ts` beside its `.js` (`Loader.d.ts` next to `Loader.js`,
 * as `tsc --declaration` writes them): the checker resolves `require("./Loader")` to the
 * declarations, but the code that runs is the sibling's class, method or function of
 * the same name. Outside node_modules only: a dependency's code is not the program's.
 */
export function implementationOf(program: ts.Program, decl: ts.Node): ts.Node | undefined {
  const sf = decl.getSourceFile();
  if (!sf.isDeclarationFile || !sf.fileName.endsWith('.d.ts') || sf.fileName.includes('/node_modules/')) return undefined;
  const base = sf.fileName.slice(0, -'.d.ts'.length);
  const impl = ['.js', '.cjs', '.mjs'].map((ext) => program.getSourceFile(base + ext)).find((f) => f !== undefined);
  if (!impl) return undefined;
  const topLevel = (name: string, cls: boolean) => {
    for (const st of impl.statements) {
      if (cls && ts.isClassDeclaration(st) && st.name?.text === name) return st;
      if (!cls && ts.isFunctionDeclaration(st) && st.name?.text === name && st.body) return st;
    }
    return undefined;
  };
  if (ts.isClassDeclaration(decl) && decl.name && decl.parent === sf) return topLevel(decl.name.text, true);
  if (ts.isFunctionDeclaration(decl) && decl.name && decl.parent === sf) return topLevel(decl.name.text, false);
  const owner = decl.parent;
  if (!owner || !ts.isClassDeclaration(owner) || !owner.name || owner.parent !== sf) return undefined;
  const twin = topLevel(owner.name.text, true);
  if (!twin || !ts.isClassDeclaration(twin)) return undefined;
  if (ts.isConstructorDeclaration(decl)) return twin.members.find(ts.isConstructorDeclaration);
  if (!ts.isMethodDeclaration(decl) && !ts.isGetAccessor(decl)) return undefined;
  const name = decl.name.getText();
  const isStatic = (m: ts.Node) => !!(ts.getCombinedModifierFlags(m as ts.Declaration) & ts.ModifierFlags.Static);
  return twin.members.find((m) => m.kind === decl.kind && m.name?.getText() === name && isStatic(m) === isStatic(decl) && (m as ts.MethodDeclaration).body);
}

/** The function a call runs: the checker's user function, or the implementation behind the program's own `.d.ts`. */
function calledFunction(index: TsProjectIndex, program: ts.Program, call: ts.CallExpression | ts.NewExpression): FunctionLike | undefined {
  const target = index.resolveCallee(call);
  if (target.kind === 'user') return target.declaration;
  if (!ts.isCallExpression(call)) return undefined;
  const callee = skipOuterExpressions(call.expression);
  const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
  if (!nameNode) return undefined;
  const checker = index.checker;
  const symbol = aliasTarget(checker, checker.getSymbolAtLocation(nameNode));
  const decls = symbol?.declarations ?? [];
  // One declaration (overloads of one function aside): a union of classes' methods is not one function.
  const impls = new Set(decls.map((d) => implementationOf(program, d)));
  if (impls.size !== 1) return undefined;
  const impl = [...impls][0];
  return impl && isFunctionLike(impl) ? impl : undefined;
}

/** A call site of a user function, with the function it sits in. */
export interface CallerSite {
  call: ts.CallExpression | ts.NewExpression;
  /** The nearest function around the call, anonymous callbacks included. */
  caller: FunctionLike | undefined;
}

/** Every call in the program that the checker resolves to `fn`. Cached per program. */
export class CallerIndex {
  private cache = new Map<ts.Node, CallerSite[]>();
  constructor(private readonly index: TsProjectIndex, private readonly program: ts.Program) {}

  callersOf(fn: FunctionLike): CallerSite[] {
    let sites = this.cache.get(fn);
    if (sites) return sites;
    sites = [];
    if (ts.isConstructorDeclaration(fn)) {
      this.cache.set(fn, (sites = this.constructions(fn)));
      return sites;
    }
    const name = callableName(fn) ?? (ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name.text : undefined);
    if (name) {
      for (const sf of this.program.getSourceFiles()) {
        if (sf.isDeclarationFile || sf.fileName.includes('/node_modules/')) continue;
        for (const site of callsIn(sf).byName.get(name) ?? []) {
          if (calledFunction(this.index, this.program, site.call) === fn) sites.push({ call: site.call, caller: enclosingFunction(site.call) });
        }
      }
    }
    this.cache.set(fn, sites);
    return sites;
  }

  /** `new C(…)` for a class's constructor: the expressions whose callee the checker resolves to that class. */
  private constructions(ctor: ts.ConstructorDeclaration): CallerSite[] {
    const cls = ctor.parent;
    const name = cls.name?.text ?? (ts.isClassExpression(cls) && ts.isVariableDeclaration(cls.parent) && ts.isIdentifier(cls.parent.name) ? cls.parent.name.text : undefined);
    const sites: CallerSite[] = [];
    if (!name) return sites;
    const checker = this.index.checker;
    for (const sf of this.program.getSourceFiles()) {
      if (sf.isDeclarationFile || sf.fileName.includes('/node_modules/')) continue;
      for (const site of callsIn(sf).byName.get(name) ?? []) {
        if (!ts.isNewExpression(site.call)) continue;
        const callee = skipOuterExpressions(site.call.expression);
        const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
        const symbol = aliasTarget(checker, checker.getSymbolAtLocation(nameNode));
        if (symbol?.declarations?.some((d) => d === cls || implementationOf(this.program, d) === cls ||
            ts.isVariableDeclaration(d) && d.initializer && skipOuterExpressions(d.initializer) === cls)) {
          sites.push({ call: site.call, caller: enclosingFunction(site.call) });
        }
      }
    }
    return sites;
  }
}

/** Whether other modules (or a library's users) can call `fn`: exported itself, or a public method of an exported class. */
export function isExported(checker: ts.TypeChecker, fn: FunctionLike): boolean {
  let decl: ts.Node = fn;
  if (ts.isMethodDeclaration(fn) || ts.isConstructorDeclaration(fn)) {
    if (fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword)) return false;
    if (fn.name && ts.isPrivateIdentifier(fn.name)) return false;
    decl = fn.parent;
  } else if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent)) {
    decl = fn.parent;
  }
  const sf = decl.getSourceFile();
  if (decl.parent !== sf && !(ts.isVariableDeclaration(decl) && decl.parent.parent?.parent === sf)) return false;
  const statement = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
  if ((statement as { modifiers?: readonly ts.Node[] }).modifiers?.some((m: ts.Node) => m.kind === ts.SyntaxKind.ExportKeyword)) return true;
  const declName = (decl as { name?: ts.Node }).name;
  const own = declName ? checker.getSymbolAtLocation(declName) : undefined;
  if (!own) return false;
  // CommonJS: `module.exports = X`, `module.exports.X = X`, `exports.X = X`.
  for (const st of sf.statements) {
    if (!ts.isExpressionStatement(st) || !ts.isBinaryExpression(st.expression) || st.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
    const left = st.expression.left.getText();
    const right = skipOuterExpressions(st.expression.right);
    if (/^(?:module\.)?exports\b/.test(left) && ts.isIdentifier(right) && checker.getSymbolAtLocation(right) === own) return true;
  }
  const moduleSymbol = checker.getSymbolAtLocation(sf);
  if (!moduleSymbol) return false;
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    if (aliasTarget(checker, exported) === own) return true;
  }
  return false;
}

/** Where collections come from; one per program. */
export class DataOrigins {
  private memo = new Map<ts.Node, Origin>();
  private busy = new Set<ts.Node>();
  /** How many times the depth limit has cut a trace short. */
  private cuts = 0;
  /** `this.x` per class and property name (undefined: nothing assigns or adds to it there). */
  private stateMemo = new Map<ts.ClassLikeDeclaration, Map<string, Origin | undefined>>();
  private busyStates = new Set<string>();
  readonly callers: CallerIndex;

  constructor(private readonly index: TsProjectIndex, private readonly program: ts.Program) {
    this.callers = new CallerIndex(index, program);
  }

  private get checker(): ts.TypeChecker { return this.index.checker; }

  of(expr: ts.Expression, depth = 0): Origin {
    const node = skipOuterExpressions(expr);
    const cached = this.memo.get(node);
    if (cached) return cached;
    if (depth > MAX_DEPTH) {
      this.cuts++;
      return UNKNOWN;
    }
    if (this.busy.has(node)) return UNKNOWN;
    this.busy.add(node);
    const cutsBefore = this.cuts;
    // A failure here is a bug: it goes up to the rule dispatch, which logs it and makes it a note.
    let origin: Origin;
    try {
      origin = this.compute(node, depth);
    } finally {
      this.busy.delete(node);
    }
    // What the depth limit cut short may be traced in full when asked from nearer; a finished answer is kept.
    if (this.cuts === cutsBefore || origin.kind === 'input') this.memo.set(node, origin);
    return origin;
  }

  private compute(node: ts.Expression, depth: number): Origin {
    const checker = this.checker;
    if (ts.isAwaitExpression(node)) return { kind: 'input', why: `an awaited result ('${short(node.expression)}', line ${lineOf(node)})`, source: node };
    if (ts.isArrayLiteralExpression(node)) {
      const spreads = node.elements.filter(ts.isSpreadElement);
      if (spreads.length === 0) return { kind: 'structure', why: 'written out in the code' };
      return merge(spreads.map((s) => this.of(s.expression, depth + 1)));
    }
    if (ts.isObjectLiteralExpression(node) || ts.isStringLiteralLike(node) || ts.isNumericLiteral(node) || ts.isTemplateExpression(node)) {
      return { kind: 'structure', why: 'written out in the code' };
    }
    if (ts.isConditionalExpression(node)) return merge([this.of(node.whenTrue, depth + 1), this.of(node.whenFalse, depth + 1)]);
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return merge([this.of(node.left, depth + 1), this.of(node.right, depth + 1)]);
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) return this.of(node.right, depth + 1);
      return UNKNOWN;
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) return this.ofCall(node, depth);
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) return this.ofProperty(node, depth);
    if (ts.isIdentifier(node)) {
      if (isBoundedCollection(checker, node)) return { kind: 'structure', why: 'fixed by the code' };
      return this.ofIdentifier(node, depth);
    }
    return UNKNOWN;
  }

  private ofCall(node: ts.CallExpression | ts.NewExpression, depth: number): Origin {
    const checker = this.checker;
    const callee = skipOuterExpressions(node.expression);
    const args = node.arguments ?? ts.factory.createNodeArray();
    if (ts.isNewExpression(node)) {
      if (ts.isIdentifier(callee) && /^(?:Set|Map|Array)$/.test(callee.text)) {
        return args.length === 0 ? { kind: 'structure', why: 'empty' } : this.of(args[0], depth + 1);
      }
      return UNKNOWN;
    }
    const text = callee.getText();
    if (/^JSON\.parse$/.test(text) && this.isLibCall(node)) return { kind: 'input', why: `parsed JSON (line ${lineOf(node)})`, source: node };
    if (/^Object\.(?:keys|values|entries|getOwnPropertyNames)$/.test(text) && args.length === 1) {
      if (hasFixedKeys(checker, args[0])) return { kind: 'structure', why: `the declared keys of '${short(args[0])}'` };
      return this.of(args[0], depth + 1);
    }
    if (/^Array\.from$/.test(text) && args.length >= 1) return this.of(args[0], depth + 1);
    if (ts.isPropertyAccessExpression(callee) && DERIVING_METHODS.has(callee.name.text)) {
      const receiver = this.of(callee.expression, depth + 1);
      if (callee.name.text === 'concat') return merge([receiver, ...args.map((a) => this.of(a, depth + 1))]);
      return receiver;
    }
    const fn = calledFunction(this.index, this.program, node);
    return fn ? this.ofReturns(fn, depth) : UNKNOWN;
  }

  private isLibCall(call: ts.CallExpression): boolean {
    const callee = skipOuterExpressions(call.expression);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    const decl = this.checker.getSymbolAtLocation(name)?.declarations?.[0];
    return !decl || decl.getSourceFile().hasNoDefaultLib || /\/typescript\/lib\/lib\.[\w.]+\.d\.ts$/.test(decl.getSourceFile().fileName);
  }

  /** The origins of what a function of the program returns. */
  private ofReturns(fn: FunctionLike, depth: number): Origin {
    if (!fn.body) return UNKNOWN;
    if (!ts.isBlock(fn.body)) return this.of(fn.body, depth + 1);
    const returns: Origin[] = [];
    const visit = (n: ts.Node) => {
      if (isFunctionLike(n) || ts.isClassLike(n)) return;
      if (ts.isReturnStatement(n) && n.expression) returns.push(this.of(n.expression, depth + 1));
      n.forEachChild(visit);
    };
    fn.body.forEachChild(visit);
    return returns.length > 0 ? merge(returns) : UNKNOWN;
  }

  private ofProperty(node: ts.PropertyAccessExpression | ts.ElementAccessExpression, depth: number): Origin {
    const object = skipOuterExpressions(node.expression);
    if (object.kind === ts.SyntaxKind.ThisKeyword) {
      return (ts.isPropertyAccessExpression(node) ? this.ofState(node, depth) : undefined) ?? { kind: 'unknown', why: `state of the object ('${short(node)}')` };
    }
    if (ts.isPropertyAccessExpression(node) && (node.name.text === 'length' || node.name.text === 'size')) return this.of(object, depth + 1);
    const from = this.of(object, depth + 1);
    if (from.kind !== 'input') return from.kind === 'structure' ? from : UNKNOWN;
    if (from.byCaller) return { kind: 'unknown', why: `read off '${short(object)}', which the callers pass` };
    // Data from outside arrives as plain values; a collection held by one of the
    // program's own classes (a table's columns, a query's joins) is that object's state.
    if (ts.isPropertyAccessExpression(node) && this.isProgramClassInstance(object)) {
      return { kind: 'unknown', why: `a property of a '${this.checker.typeToString(this.checker.getTypeAtLocation(object))}' object` };
    }
    return from;
  }

  /**
   * `this.items` in a class's own code: what the class's members assign to it
   * (`this.items = rows`, a field's initialiser, a getter's returns) and what they
   * add to it (`this.items.push(x)`). An addition outside any loop in a method is one
   * item per call of that method, which the callers decide: unknown, as is an array
   * handed to other code (which may add to it). Input only on evidence: what an
   * exported constructor is merely handed by its callers (`this.columns = columns`)
   * is as likely their configuration, so that stays unknown.
   */
  private ofState(node: ts.PropertyAccessExpression, depth: number): Origin | undefined {
    const cls = thisClass(node);
    if (!cls) return undefined;
    const name = node.name.text;
    let byName = this.stateMemo.get(cls);
    if (!byName) this.stateMemo.set(cls, (byName = new Map()));
    if (byName.has(name)) return byName.get(name);
    // `this.rows = this.rows.concat(more)`: asked again while it is traced, it is not known yet.
    const key = `${name}@${cls.getSourceFile().fileName}:${cls.pos}`;
    if (this.busyStates.has(key)) return UNKNOWN;
    this.busyStates.add(key);
    const cutsBefore = this.cuts;
    let origin: Origin | undefined;
    try {
      origin = this.traceState(cls, name, depth);
    } finally {
      this.busyStates.delete(key);
    }
    if (this.cuts === cutsBefore || origin?.kind === 'input') byName.set(name, origin);
    return origin;
  }

  private traceState(cls: ts.ClassLikeDeclaration, name: string, depth: number): Origin | undefined {
    const self = `this.${name}`;
    const origins: Origin[] = [];
    const ofMember = (member: ts.ClassLikeDeclaration['members'][number]) => {
      if (ts.isPropertyDeclaration(member) && member.name.getText() === name) {
        origins.push(member.initializer ? this.of(member.initializer, depth + 1) : { kind: 'structure', why: 'declared without a value' });
      }
      if (ts.isGetAccessor(member) && member.name.getText() === name) origins.push(this.ofReturns(member, depth));
      if (ts.isSetAccessor(member) && member.name.getText() === name) origins.push(UNKNOWN);
      // `constructor(private readonly rows: Row[])`: a parameter property.
      if (ts.isConstructorDeclaration(member)) {
        for (const param of member.parameters) {
          if (ts.isIdentifier(param.name) && param.name.text === name && ts.getCombinedModifierFlags(param) & ts.ModifierFlags.ParameterPropertyModifier) {
            origins.push(this.ofParameter(param, depth + 1));
          }
        }
      }
      const scope = isFunctionLike(member) ? member : undefined;
      const visit = (n: ts.Node) => {
        if (ts.isClassLike(n) || (isFunctionLike(n) && !ts.isArrowFunction(n) && n !== member)) return;
        if (ts.isPropertyAccessExpression(n) && n.expression.kind === ts.SyntaxKind.ThisKeyword && n.name.text === name) {
          origins.push(this.ofStateUse(n, scope, depth));
          return;
        }
        n.forEachChild(visit);
      };
      if (ts.isPropertyDeclaration(member) && member.initializer) visit(member.initializer);
      else if (scope?.body) visit(scope.body);
    };
    for (const member of cls.members) ofMember(member);
    const kinds = origins.filter((o) => o.why !== READ);
    if (kinds.length === 0) return undefined;
    const merged = merge(kinds);
    if (merged.kind === 'input' && merged.byCaller) return { kind: 'unknown', why: `'${self}' holds what the callers pass (${merged.why})` };
    return merged.kind === 'input' ? { ...merged, why: `${merged.why}, kept in '${self}'` } : merged;
  }

  /** One use of `this.x` in a member: a write, an addition, a read (READ), or anything else (unknown). */
  private ofStateUse(use: ts.PropertyAccessExpression, member: FunctionLike | undefined, depth: number): Origin {
    let outer: ts.Node = use;
    while (ts.isParenthesizedExpression(outer.parent) || ts.isNonNullExpression(outer.parent) || ts.isAsExpression(outer.parent)) outer = outer.parent;
    const parent = outer.parent;
    if (ts.isBinaryExpression(parent) && parent.left === outer) {
      const op = parent.operatorToken.kind;
      if (op === ts.SyntaxKind.EqualsToken || op === ts.SyntaxKind.QuestionQuestionEqualsToken || op === ts.SyntaxKind.BarBarEqualsToken) return this.of(parent.right, depth + 1);
      return UNKNOWN;
    }
    const growth = (write: ts.CallExpression | ts.BinaryExpression, item: ts.Expression | undefined): Origin => {
      if (!member) return UNKNOWN;
      const grown = this.ofGrowth(write, member, item, depth);
      // No loop around it: one item per call of the method, and its callers decide how many calls.
      if (grown.kind === 'structure' && !ts.isConstructorDeclaration(member)) return { kind: 'unknown', why: `added to once per call of '${functionName(member)}'` };
      return grown;
    };
    if (ts.isPropertyAccessExpression(parent) && parent.expression === outer) {
      const call = parent.parent;
      if (ts.isCallExpression(call) && call.expression === parent) {
        if (GROWING_METHODS.has(parent.name.text)) return growth(call, call.arguments[0]);
        if (MUTATING_METHODS.has(parent.name.text)) return UNKNOWN;
      }
      // `this.x.length = 0` empties it.
      if (ts.isBinaryExpression(call) && call.left === parent) {
        return parent.name.text === 'length' && ts.isNumericLiteral(skipOuterExpressions(call.right)) ? { kind: 'structure', why: 'emptied' } : UNKNOWN;
      }
      return { kind: 'structure', why: READ };
    }
    if (ts.isElementAccessExpression(parent) && parent.expression === outer) {
      const write = parent.parent;
      if (ts.isBinaryExpression(write) && write.left === parent && write.operatorToken.kind === ts.SyntaxKind.EqualsToken) return growth(write, parent.argumentExpression);
      if (ts.isDeleteExpression(write)) return { kind: 'structure', why: READ };
      return { kind: 'structure', why: READ };
    }
    if ((ts.isForOfStatement(parent) || ts.isForInStatement(parent)) && parent.expression === outer) return { kind: 'structure', why: READ };
    // Copied, tested or compared: `[...this.x]`, `!this.x`, `if (this.x)`, `this.x === y`.
    const assigns = ts.isBinaryExpression(parent) && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
    if (ts.isSpreadElement(parent) || ts.isPrefixUnaryExpression(parent) || ts.isTypeOfExpression(parent) || ts.isIfStatement(parent) ||
        ts.isBinaryExpression(parent) && !assigns || ts.isConditionalExpression(parent) && parent.condition === outer) return { kind: 'structure', why: READ };
    // Handed to a call, returned, aliased in a variable, stored elsewhere: other code may add to it.
    return UNKNOWN;
  }

  /** Whether an expression's type is an instance of a class declared in the program itself (not a library, not a plain data shape). */
  private isProgramClassInstance(expr: ts.Expression): boolean {
    const type = this.checker.getTypeAtLocation(expr);
    const members = type.isUnion() ? type.types : [type];
    return members.some((t) => {
      const symbol = t.getSymbol();
      if (!symbol || !(symbol.flags & ts.SymbolFlags.Class)) return false;
      return symbol.declarations?.some((d) => !d.getSourceFile().fileName.includes('/node_modules/')) ?? false;
    });
  }

  private ofIdentifier(id: ts.Identifier, depth: number): Origin {
    const checker = this.checker;
    const symbol = aliasTarget(checker, checker.getSymbolAtLocation(id));
    const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (!symbol || !decl || decl.getSourceFile().isDeclarationFile) return UNKNOWN;
    if (ts.isParameter(decl)) return this.ofParameter(decl, depth);
    if (ts.isBindingElement(decl)) {
      // `const { rows } = await q()`, `for (const [k, v] of xs)`: part of what is destructured.
      let root: ts.Node = decl;
      while (ts.isBindingElement(root) || ts.isObjectBindingPattern(root) || ts.isArrayBindingPattern(root)) root = root.parent;
      if (ts.isVariableDeclaration(root)) return this.ofVariable(root, symbol, depth);
      if (ts.isParameter(root)) return this.ofParameter(root, depth);
      return UNKNOWN;
    }
    if (ts.isVariableDeclaration(decl)) return this.ofVariable(decl, symbol, depth);
    return UNKNOWN;
  }

  /** A variable: its initialiser, what is assigned to it, and the loops that grow it. */
  private ofVariable(decl: ts.VariableDeclaration, symbol: ts.Symbol, depth: number): Origin {
    const list = decl.parent;
    const loop = list?.parent;
    // `for (const x of xs)`: an element of xs.
    if (loop && (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) && loop.initializer === list) {
      if (ts.isForInStatement(loop) && hasFixedKeys(this.checker, loop.expression)) return { kind: 'structure', why: 'declared keys' };
      return this.of(loop.expression, depth + 1);
    }
    const origins: Origin[] = [];
    if (decl.initializer) origins.push(this.of(decl.initializer, depth + 1));
    const scope = enclosingFunction(decl) ?? decl.getSourceFile();
    const grown: Origin[] = [];
    const visit = (n: ts.Node) => {
      if (ts.isIdentifier(n) && n !== decl.name && n.text === (decl.name as ts.Identifier).text && this.checker.getSymbolAtLocation(n) === symbol) {
        const parent = n.parent;
        if (ts.isBinaryExpression(parent) && parent.left === n && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
          origins.push(this.of(parent.right, depth + 1));
        } else if (ts.isPropertyAccessExpression(parent) && parent.expression === n && GROWING_METHODS.has(parent.name.text) &&
                   ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
          grown.push(this.ofGrowth(parent.parent, scope, parent.parent.arguments[0], depth));
        } else {
          // `x[key] = v`, `(x as Record<…>)[key] = v`: one entry per key written.
          let use: ts.Node = n;
          while (ts.isParenthesizedExpression(use.parent) || ts.isAsExpression(use.parent) || ts.isNonNullExpression(use.parent)) use = use.parent;
          const access = use.parent;
          if (ts.isElementAccessExpression(access) && access.expression === use && ts.isBinaryExpression(access.parent) &&
              access.parent.left === access && access.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
            grown.push(this.ofGrowth(access.parent, scope, access.argumentExpression, depth));
          }
        }
        return;
      }
      n.forEachChild(visit);
    };
    if (ts.isIdentifier(decl.name)) scope.forEachChild(visit);
    if (grown.length > 0) {
      // An array filled by `push`: as many items as the loops around the pushes run.
      const initial = origins.shift();
      const rest = initial && !(initial.kind === 'structure') ? [initial] : [];
      return merge([...rest, ...origins, ...grown]);
    }
    return origins.length > 0 ? merge(origins) : UNKNOWN;
  }

  /**
   * `xs.push(x)`, `m[k] = v`: a spread adds a collection; otherwise one item per
   * run of the loops around the write, or, when another function (called any
   * number of times) does the write, one per call, sized like what it writes.
   */
  private ofGrowth(write: ts.CallExpression | ts.BinaryExpression, scope: ts.Node, item: ts.Expression | undefined, depth: number): Origin {
    const spread = ts.isCallExpression(write) ? write.arguments.find(ts.isSpreadElement) : undefined;
    if (spread) return this.of(spread.expression, depth + 1);
    const call = write;
    const loops: Origin[] = [];
    for (let n: ts.Node = call; n.parent && n !== scope; n = n.parent) {
      const p = n.parent;
      if ((ts.isForOfStatement(p) || ts.isForInStatement(p)) && p.statement === n) loops.push(this.of(p.expression, depth + 1));
      else if (ts.isForStatement(p) && p.statement === n) {
        // `for (let i = 0; i < rows.length; i++)`: as many runs as its bound.
        const bound = loopShapeOf(this.checker, p)?.bound;
        loops.push(bound ? this.of(bound, depth + 1) : UNKNOWN);
      } else if (ts.isForStatement(p) || ts.isWhileStatement(p) || ts.isDoStatement(p)) loops.push(UNKNOWN);
      else if (isFunctionLike(n) && ts.isCallExpression(p) && ts.isPropertyAccessExpression(p.expression) &&
               ITERATION_CALLBACKS.has(p.expression.name.text) && p.arguments[0] === n) loops.push(this.of(p.expression.expression, depth + 1));
      else if (isFunctionLike(n)) {
        loops.push(item ? this.of(item, depth + 1) : UNKNOWN);
        break;
      }
    }
    return loops.length > 0 ? merge(loops) : { kind: 'structure', why: 'a fixed number of items added in the code' };
  }

  private ofParameter(param: ts.ParameterDeclaration, depth: number): Origin {
    const fn = param.parent;
    if (!isFunctionLike(fn)) return UNKNOWN;
    const position = fn.parameters.indexOf(param);
    // A callback: what its caller hands it.
    const call = fn.parent && ts.isCallExpression(fn.parent) && fn.parent.arguments.includes(fn as ts.Expression) ? fn.parent : undefined;
    if (call) {
      const callee = skipOuterExpressions(call.expression);
      if (ts.isPropertyAccessExpression(callee) && ITERATION_CALLBACKS.has(callee.name.text)) {
        // The element (or accumulator) of the collection iterated.
        return position === 0 || (callee.name.text.startsWith('reduce') && position === 1) ? this.of(callee.expression, depth + 1) : { kind: 'structure', why: 'an index' };
      }
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'then' && position === 0) {
        return { kind: 'input', why: `a promise's value (line ${lineOf(call)})`, source: call };
      }
      const role = classifyFunction(this.checker, this.program, fn);
      if (role.role === 'context' && (role.kind === 'handler' || role.kind === 'emitter')) {
        return { kind: 'input', why: `the argument of ${role.description} (line ${lineOf(fn)})`, source: param };
      }
      return UNKNOWN;
    }
    // `x = normalise(x)` in the body: what is assigned counts too.
    const assigned: Origin[] = [];
    const paramSymbol = ts.isIdentifier(param.name) ? this.checker.getSymbolAtLocation(param.name) : undefined;
    if (paramSymbol && fn.body) {
      const visit = (n: ts.Node) => {
        if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left) &&
            this.checker.getSymbolAtLocation(n.left) === paramSymbol) assigned.push(this.of(n.right, depth + 1));
        n.forEachChild(visit);
      };
      visit(fn.body);
    }
    const fromCallers = this.ofArguments(fn, position, depth);
    return assigned.length > 0 ? merge([fromCallers, ...assigned]) : fromCallers;
  }

  /**
   * A parameter of a named function: its callers' arguments. With no call in the
   * program, an exported function's parameter is what its outside callers fill;
   * with calls whose arguments cannot be traced, it is unknown (the calls the
   * checker knows are the evidence, and they do not show data from outside).
   */
  private ofArguments(fn: FunctionLike, position: number, depth: number): Origin {
    const sites = this.callers.callersOf(fn);
    if (sites.length > 0) {
      const origins = sites.map((site) => {
        const arg = site.call.arguments?.[position];
        if (!arg) return { kind: 'structure', why: 'not passed' } as Origin;
        if (ts.isSpreadElement(arg)) return UNKNOWN;
        const o = this.of(arg, depth + 1);
        return o.kind === 'input' ? { kind: 'input', why: `${o.why}, passed to ${calleeLabel(fn)} (line ${lineOf(site.call)})`, byCaller: o.byCaller, source: o.source } as Origin : o;
      });
      return merge(origins);
    }
    if (isExported(this.checker, fn)) {
      return { kind: 'input', why: `a parameter of exported ${calleeLabel(fn)}, which its callers fill`, byCaller: true, source: fn.parameters[position] };
    }
    return UNKNOWN;
  }
}
