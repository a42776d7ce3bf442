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
 * `push` to the loops that grow them, elements to their collections, parameters
 * to their callers' arguments, calls of the program's own functions to their
 * `return`s, and property reads to the object read from. Properties of an object
 * whose type is one of the program's own classes (a `Table`, a query builder, a
 * model) are that object's state, which this does not follow: unknown.
 */
import { ts } from '../compiler';
import { enclosingFunction, functionName, isFunctionLike, skipOuterExpressions, type FunctionLike } from '../ast';
import { callableName, callsIn } from '../call-name-index';
import { classifyFunction } from '../event-loop-context';
import type { TsProjectIndex } from '../project-index';
import { hasFixedKeys, isBoundedCollection } from './collection-size';

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
const MAX_DEPTH = 8;
/** Array methods whose result is as large as (or derived from) their receiver. */
const DERIVING_METHODS = new Set(['split', 'match', 'matchAll', 'map', 'filter', 'slice', 'concat', 'flat', 'flatMap', 'sort', 'reverse', 'toSorted', 'toReversed', 'entries', 'keys', 'values', 'splice', 'reduce']);
const ITERATION_CALLBACKS = new Set(['forEach', 'map', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap', 'sort']);
const GROWING_METHODS = new Set(['push', 'unshift', 'add', 'set']);

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
    const name = callableName(fn) ?? (ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name.text : undefined);
    if (name) {
      for (const sf of this.program.getSourceFiles()) {
        if (sf.isDeclarationFile || sf.fileName.includes('/node_modules/')) continue;
        for (const site of callsIn(sf).byName.get(name) ?? []) {
          const target = this.index.resolveCallee(site.call);
          if (target.kind === 'user' && target.declaration === fn) sites.push({ call: site.call, caller: enclosingFunction(site.call) });
        }
      }
    }
    this.cache.set(fn, sites);
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
    let target = exported;
    if (target.flags & ts.SymbolFlags.Alias) {
      try { target = checker.getAliasedSymbol(target); } catch { continue; }
    }
    if (target === own) return true;
  }
  return false;
}

/** Where collections come from; one per program. */
export class DataOrigins {
  private memo = new Map<ts.Node, Origin>();
  private busy = new Set<ts.Node>();
  readonly callers: CallerIndex;

  constructor(private readonly index: TsProjectIndex, private readonly program: ts.Program) {
    this.callers = new CallerIndex(index, program);
  }

  private get checker(): ts.TypeChecker { return this.index.checker; }

  of(expr: ts.Expression, depth = 0): Origin {
    const node = skipOuterExpressions(expr);
    const cached = this.memo.get(node);
    if (cached) return cached;
    if (depth > MAX_DEPTH || this.busy.has(node)) return UNKNOWN;
    this.busy.add(node);
    // A failure here is a bug: it goes up to the rule dispatch, which logs it and makes it a note.
    let origin: Origin;
    try {
      origin = this.compute(node, depth);
    } finally {
      this.busy.delete(node);
    }
    this.memo.set(node, origin);
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
    const target = this.index.resolveCallee(node);
    if (target.kind === 'user') return this.ofReturns(target.declaration, depth);
    return UNKNOWN;
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
    if (object.kind === ts.SyntaxKind.ThisKeyword) return { kind: 'unknown', why: `state of the object ('${short(node)}')` };
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
    let symbol = checker.getSymbolAtLocation(id);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) {
      try { symbol = checker.getAliasedSymbol(symbol); } catch { return UNKNOWN; }
    }
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
      else if (ts.isForStatement(p) || ts.isWhileStatement(p) || ts.isDoStatement(p)) loops.push(UNKNOWN);
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

  /** A parameter of a named function: its callers' arguments, or, with none known, the callers of an exported function. */
  private ofArguments(fn: FunctionLike, position: number, depth: number): Origin {
    const sites = this.callers.callersOf(fn);
    if (sites.length > 0) {
      const origins = sites.map((site) => {
        const arg = site.call.arguments?.[position];
        if (!arg) return { kind: 'structure', why: 'not passed' } as Origin;
        if (ts.isSpreadElement(arg)) return UNKNOWN;
        const o = this.of(arg, depth + 1);
        return o.kind === 'input' ? { kind: 'input', why: `${o.why}, passed to '${functionName(fn)}' (line ${lineOf(site.call)})`, byCaller: o.byCaller, source: o.source } as Origin : o;
      });
      const merged = merge(origins);
      if (merged.kind !== 'unknown' || !isExported(this.checker, fn)) return merged;
    }
    if (isExported(this.checker, fn)) {
      return { kind: 'input', why: `a parameter of exported '${functionName(fn)}', which its callers fill`, byCaller: true, source: fn.parameters[position] };
    }
    return UNKNOWN;
  }
}
