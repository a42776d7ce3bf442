/**
 * sequential-await (TS): whether an awaited call starts work of its own each iteration, or goes through one
 * object every iteration shares (a connection, a transaction, a stream, `this`) or an extension point.
 */
import { ts } from '../../lang/ts/compiler';
import { aliasTarget, isFunctionLike, skipOuterExpressions } from '../../lang/ts/ast';
import { declaredInLoop, rootOf, itemBinding, containsNode } from './ts-loop-scope';

/**
 * An awaited call that each iteration makes on its own: a plain function
 * (`fetchUser(id)`), a module's or class's function (`fsp.readFile(p)`,
 * `User.findById(id)`). Not: a call on the item or on something taken from it
 * (a hook, a handler, a plugin's method), and not a method of one object every
 * iteration shares (`this`, a connection, transaction, session, query runner,
 * cursor or stream held in a variable): calls on one object go through its state
 * one after another, and often must.
 */
export function isIndependentCall(checker: ts.TypeChecker, program: ts.Program, a: ts.AwaitExpression, perIteration: (id: ts.Identifier) => boolean): boolean {
  const call = skipOuterExpressions(a.expression);
  if (!ts.isCallExpression(call)) {
    // `await p` of a promise made in this iteration (`const p = f(x); … await p`) is fine; anything else is a sync point.
    const target = skipOuterExpressions(call);
    return ts.isIdentifier(target) && perIteration(target);
  }
  const callee = skipOuterExpressions(call.expression);
  const root = rootOf(callee);
  if (ts.isIdentifier(root) && perIteration(root)) return false;
  if (ts.isIdentifier(callee)) {
    if (isParameterOrLocalOfCallableValue(checker, callee)) return false;
  } else {
    if (!ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) return false;
    if (!ts.isIdentifier(root) || !isModuleOrClass(checker, program, root)) return false; // `this.x(…)`, `super.x(…)`, `conn.query(…)`: one object
  }
  // `await wrap(this.client.get(x))`: the work is the inner call, on one object.
  if (call.arguments.some((arg) => containsNode(arg, (n) => ts.isCallExpression(n) && callsSharedObject(checker, program, n, perIteration)))) return false;
  // `await createEnum(queryRunner, column)`, `await save(this.tx, row)`: one connection,
  // transaction or session handed to every call, which goes through its state in turn.
  if (call.arguments.some((arg) => isSharedResource(checker, skipOuterExpressions(arg), perIteration))) return false;
  return !(ts.isIdentifier(callee) && closureUsesSharedResource(checker, callee));
}

/**
 * `const buildExecutor = async (entities) => { … new Loader(queryRunner, …).load() … }`
 * called once per item: a function declared inside the enclosing function that
 * reaches a resource it captured (a parameter or local of the enclosing function, or
 * `this.field`, whose type has asynchronous methods), so every iteration goes through
 * the one connection or query runner, in turn.
 */
function closureUsesSharedResource(checker: ts.TypeChecker, callee: ts.Identifier): boolean {
  const decl = checker.getSymbolAtLocation(callee)?.valueDeclaration;
  const fn = decl && ts.isVariableDeclaration(decl) && decl.initializer ? skipOuterExpressions(decl.initializer) : decl;
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isFunctionDeclaration(fn)) || !fn.body) return false;
  // Only closures: a module-level function's module-level client is another question.
  let outer: ts.Node | undefined = fn.parent;
  while (outer && !isFunctionLike(outer) && !ts.isSourceFile(outer)) outer = outer.parent;
  if (!outer || ts.isSourceFile(outer)) return false;
  const insideClosure = (id: ts.Identifier) => {
    const d = checker.getSymbolAtLocation(id)?.valueDeclaration;
    return !d || d.getSourceFile() !== fn.getSourceFile() || d.getStart() >= fn.getStart() && d.getEnd() <= fn.getEnd() || ts.isSourceFile(d.parent?.parent?.parent ?? d);
  };
  let found = false;
  const visit = (n: ts.Node) => {
    if (found) return;
    const candidate = ts.isPropertyAccessExpression(n) && n.expression.kind === ts.SyntaxKind.ThisKeyword ? n
      : ts.isIdentifier(n) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n) && !insideClosure(n) ? n : undefined;
    if (candidate && isSharedResource(checker, candidate, insideClosure)) {
      found = true;
      return;
    }
    n.forEachChild(visit);
  };
  visit(fn.body);
  return found;
}

/**
 * An argument that is one stateful resource every iteration shares: a name from
 * outside the loop, a parameter or `this.field`, whose type has asynchronous
 * methods (a query runner, connection, transaction, session, cursor, stream).
 * A plain options object or a list has none, and is left alone.
 */
function isSharedResource(checker: ts.TypeChecker, arg: ts.Expression, perIteration: (id: ts.Identifier) => boolean): boolean {
  const root = rootOf(arg);
  if (ts.isIdentifier(root) ? perIteration(root) : root.kind !== ts.SyntaxKind.ThisKeyword) return false;
  if (!ts.isIdentifier(arg) && !ts.isPropertyAccessExpression(arg)) return false;
  const type = checker.getTypeAtLocation(arg);
  if (checker.isArrayLikeType(type) || type.getCallSignatures().length > 0) return false;
  return checker.getPropertiesOfType(checker.getApparentType(type)).some((prop) => {
    if (!(prop.flags & ts.SymbolFlags.Method)) return false;
    const decl = prop.valueDeclaration ?? prop.declarations?.[0];
    // The language's own methods (Object, Map, Set, Array) are not a resource's.
    if (!decl || decl.getSourceFile().hasNoDefaultLib || /\/typescript\/lib\/lib\./.test(decl.getSourceFile().fileName)) return false;
    const propType = checker.getTypeOfSymbolAtLocation(prop, arg);
    return propType.getCallSignatures().some((sig) => {
      const ret = checker.getReturnTypeOfSignature(sig);
      return !!ret.getProperty('then');
    });
  });
}

/**
 * `await u.load()`, `await row.fetchDetails(opts.depth)`: a method that the item's
 * class declares, called on the item itself. Each item does its own work, so the
 * calls are independent, unless the item is an extension point: a callable, a
 * function-valued property (`hook.run`, a handler slot), or a method handed
 * something every iteration shares (`plugin.register(server)`, `ext.method(request, h)`),
 * through which the items act on one object in turn.
 */
export function isItemMethodCall(checker: ts.TypeChecker, loop: ts.IterationStatement, a: ts.AwaitExpression): boolean {
  const item = itemBinding(loop);
  const call = skipOuterExpressions(a.expression);
  if (!item || !ts.isCallExpression(call)) return false;
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const receiver = skipOuterExpressions(callee.expression);
  if (!ts.isIdentifier(receiver) || checker.getSymbolAtLocation(receiver) !== checker.getSymbolAtLocation(item)) return false;
  const method = checker.getSymbolAtLocation(callee.name);
  if (!method || !(method.flags & ts.SymbolFlags.Method)) return false;
  // Declared by a class with a body: the item's own code. A method of an interface or
  // an abstract method is an extension point, dispatched to whatever implements it.
  const declarations = method.declarations ?? [];
  if (declarations.length === 0 || !declarations.every((d) => ts.isMethodDeclaration(d) && ts.isClassLike(d.parent) &&
      !(ts.getCombinedModifierFlags(d) & ts.ModifierFlags.Abstract))) return false;
  return call.arguments.every((arg) => !containsNode(arg, (n) => n.kind === ts.SyntaxKind.ThisKeyword || ts.isIdentifier(n) && isSharedObjectName(checker, loop, n)));
}

/** A name from outside the loop whose value is an object (not a string, number, boolean or enum value). */
function isSharedObjectName(checker: ts.TypeChecker, loop: ts.IterationStatement, id: ts.Identifier): boolean {
  if (ts.isPropertyAccessExpression(id.parent) && id.parent.name === id) return false;
  const symbol = checker.getSymbolAtLocation(id);
  const decl = symbol?.valueDeclaration;
  if (!decl || declaredInLoop(checker, loop, id) || ts.isFunctionDeclaration(decl) || ts.isClassDeclaration(decl)) return false;
  const type = checker.getTypeAtLocation(id);
  const parts = type.isUnion() ? type.types : [type];
  const primitive = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.EnumLike | ts.TypeFlags.Undefined | ts.TypeFlags.Null;
  // A read of a property (`opts.depth`) is checked by its own type at the top of the chain.
  if (ts.isPropertyAccessExpression(id.parent) && id.parent.expression === id) {
    const whole = checker.getTypeAtLocation(outermostAccess(id.parent));
    const wholeParts = whole.isUnion() ? whole.types : [whole];
    return !wholeParts.every((t) => (t.flags & primitive) !== 0);
  }
  return !parts.every((t) => (t.flags & primitive) !== 0);
}

function outermostAccess(node: ts.PropertyAccessExpression): ts.Expression {
  let n: ts.Expression = node;
  while (ts.isPropertyAccessExpression(n.parent) && n.parent.expression === n) n = n.parent;
  return n;
}

/**
 * A method call whose receiver is one object every iteration sees: `this`, `super`,
 * or a variable from outside the loop that is not a module, a class or a global.
 * Calls on the item (`x.toString()`) or on a plain function's result are not.
 */
function callsSharedObject(checker: ts.TypeChecker, program: ts.Program, call: ts.CallExpression, perIteration: (id: ts.Identifier) => boolean): boolean {
  let node = skipOuterExpressions(call.expression);
  if (ts.isIdentifier(node)) return false;
  while (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node)) node = skipOuterExpressions(node.expression);
  if (!ts.isIdentifier(node)) return node.kind === ts.SyntaxKind.ThisKeyword || node.kind === ts.SyntaxKind.SuperKeyword;
  if (perIteration(node) || isModuleOrClass(checker, program, node)) return false;
  const decl = checker.getSymbolAtLocation(node)?.valueDeclaration;
  return !(decl && ts.isFunctionDeclaration(decl));
}

/**
 * A function held in a parameter or a local (`next`, `handler`, `cb`): a callback
 * someone handed in, not a function declared for this job.
 */
function isParameterOrLocalOfCallableValue(checker: ts.TypeChecker, id: ts.Identifier): boolean {
  const decl = checker.getSymbolAtLocation(id)?.valueDeclaration;
  return !!decl && ts.isParameter(decl);
}

/** A namespace, a module's export object, a class or a language global: it has functions, not per-object state. */
function isModuleOrClass(checker: ts.TypeChecker, program: ts.Program, id: ts.Identifier): boolean {
  let symbol = checker.getSymbolAtLocation(id);
  if (!symbol) return false;
  const decl0 = symbol.valueDeclaration ?? symbol.declarations?.[0];
  if (decl0 && (ts.isImportSpecifier(decl0) || ts.isNamespaceImport(decl0) || ts.isImportClause(decl0) || ts.isImportEqualsDeclaration(decl0))) {
    if (ts.isNamespaceImport(decl0) || ts.isImportEqualsDeclaration(decl0)) return true;
    const target = aliasTarget(checker, symbol);
    if (!target) return false;
    symbol = target;
  }
  if (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Enum | ts.SymbolFlags.ValueModule | ts.SymbolFlags.NamespaceModule)) return true;
  const decl = symbol.valueDeclaration ?? symbol.declarations?.[0];
  if (!decl) return false;
  if (ts.isSourceFile(decl) || ts.isModuleDeclaration(decl)) return true;
  // The language's globals (`Promise.resolve`, `JSON`, `caches`): declared in the default library.
  if (program.isSourceFileDefaultLibrary(decl.getSourceFile())) return true;
  // `const fs = require('fs')`, `const { promises: fsp } = require('fs')`.
  if (ts.isVariableDeclaration(decl) && decl.initializer && isRequireCall(skipOuterExpressions(decl.initializer))) return true;
  if (ts.isBindingElement(decl)) {
    let d: ts.Node = decl;
    while (ts.isBindingElement(d) || ts.isObjectBindingPattern(d) || ts.isArrayBindingPattern(d)) d = d.parent;
    if (ts.isVariableDeclaration(d) && d.initializer && isRequireCall(skipOuterExpressions(d.initializer))) return true;
  }
  return false;
}

function isRequireCall(node: ts.Expression): boolean {
  while (ts.isPropertyAccessExpression(node)) node = skipOuterExpressions(node.expression);
  return ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require';
}

/** Events a readable stream delivers its data by: subscribing to them is draining it. */
const STREAM_EVENTS = new Set(['data', 'end', 'readable']);

/**
 * `for (const lob of lobs) row[lob.key] = await readAll(lob.stream)`: the call drains a
 * stream the item already holds, made before the loop (not opened in the iteration):
 * the argument is a readable stream by its type (it has `pipe` and `read`), or the
 * callee (or a function it hands the value to) subscribes to its `'data'`/`'end'`
 * events. Streams that exist together come from one source (the LOBs of one query
 * result, the parts of one request body, one socket), which delivers them over one
 * connection in turn: reading them together gains nothing, and may stall the source.
 */
export function drainsExistingStream(checker: ts.TypeChecker, loop: ts.IterationStatement, a: ts.AwaitExpression): boolean {
  const call = skipOuterExpressions(a.expression);
  if (!ts.isCallExpression(call)) return false;
  return call.arguments.some((arg, index) => {
    const value = skipOuterExpressions(arg);
    if (!heldByItem(checker, loop, value, 0)) return false;
    if (isReadableType(checker, checker.getTypeAtLocation(value))) return true;
    return subscribesToStreamEvents(checker, call, index, 0);
  });
}

/**
 * A value the iteration's item already holds, not one the iteration makes: the item
 * (`lob`), a property path from it (`lob.stream`), an element of an outer list at the
 * counter (`lobs[i].stream`), or a body local bound to one of those (`const s = lob.stream`).
 */
function heldByItem(checker: ts.TypeChecker, loop: ts.IterationStatement, value: ts.Expression, depth: number): boolean {
  if (!(ts.isIdentifier(value) || ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value)) || depth > 2) return false;
  const root = rootOf(value);
  if (!ts.isIdentifier(root)) return false;
  const decl = checker.getSymbolAtLocation(root)?.valueDeclaration;
  if (!decl) return false;
  if (!declaredInLoop(checker, loop, root)) {
    // `lobs[i].stream`: an outer list's element, at this iteration's index.
    let n: ts.Expression = value;
    while (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) {
      if (ts.isElementAccessExpression(n) && containsNode(n.argumentExpression, (m) => ts.isIdentifier(m) && declaredInLoop(checker, loop, m))) return true;
      n = skipOuterExpressions(n.expression);
    }
    return false;
  }
  const header = ts.isForOfStatement(loop) || ts.isForInStatement(loop) ? loop.initializer : undefined;
  if (header && decl.getStart() >= header.getStart() && decl.getEnd() <= header.getEnd()) return ts.isForOfStatement(loop);
  let d: ts.Node = decl;
  while (ts.isBindingElement(d) || ts.isObjectBindingPattern(d) || ts.isArrayBindingPattern(d)) d = d.parent;
  return ts.isVariableDeclaration(d) && !!d.initializer && heldByItem(checker, loop, skipOuterExpressions(d.initializer), depth + 1);
}

function isReadableType(checker: ts.TypeChecker, type: ts.Type): boolean {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
  const apparent = checker.getApparentType(type);
  return ['pipe', 'read', 'on'].every((name) => {
    const prop = apparent.getProperty(name);
    return !!prop && !!prop.valueDeclaration && checker.getTypeOfSymbolAtLocation(prop, prop.valueDeclaration).getCallSignatures().length > 0;
  });
}

/** Whether the function `call` names uses its parameter at `index` as a stream: `p.on('data', …)`, `p.once('end', …)`, or hands it to a function that does. */
function subscribesToStreamEvents(checker: ts.TypeChecker, call: ts.CallExpression, index: number, depth: number): boolean {
  if (depth > 2) return false;
  let symbol = checker.getSymbolAtLocation(skipOuterExpressions(call.expression));
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const decl = symbol?.valueDeclaration;
  const fn = decl && ts.isVariableDeclaration(decl) && decl.initializer ? skipOuterExpressions(decl.initializer) : decl;
  if (!fn || !(ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isArrowFunction(fn)) || !fn.body) return false;
  const param = fn.parameters[index];
  if (!param || !ts.isIdentifier(param.name)) return false;
  const paramSymbol = checker.getSymbolAtLocation(param.name);
  const isParam = (n: ts.Node) => ts.isIdentifier(n) && checker.getSymbolAtLocation(n) === paramSymbol;
  let found = false;
  const visit = (n: ts.Node) => {
    if (found) return;
    if (ts.isCallExpression(n)) {
      const callee = skipOuterExpressions(n.expression);
      const event = n.arguments[0] && skipOuterExpressions(n.arguments[0]);
      if (ts.isPropertyAccessExpression(callee) && isParam(skipOuterExpressions(callee.expression)) && /^(?:on|once|addListener)$/.test(callee.name.text) &&
          event && ts.isStringLiteralLike(event) && STREAM_EVENTS.has(event.text)) {
        found = true;
        return;
      }
      const at = n.arguments.findIndex((arg) => isParam(skipOuterExpressions(arg)));
      if (at >= 0 && subscribesToStreamEvents(checker, n, at, depth + 1)) {
        found = true;
        return;
      }
    }
    n.forEachChild(visit);
  };
  visit(fn.body);
  return found;
}
