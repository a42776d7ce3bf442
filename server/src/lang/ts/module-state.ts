/**
 * State that outlives one call and is shared by every concurrent caller: a
 * module-level `let`/`var`, a property of a module-level object, a class static,
 * or a property of a singleton instance (a class instantiated once, at module
 * level). Parameters, locals and per-request objects (`req`, `res`, `ctx`, the
 * `this` of an ordinary instance) are not shared state.
 */
import { ts } from './compiler';
import { aliasTarget, calleeName, isFunctionLike, skipOuterExpressions, walk } from './ast';

export interface SharedTarget {
  /** Identity: same key, same storage. */
  key: string;
  /** How to name it in a message: `total`, `stats.count`, `Cache.hits`. */
  label: string;
  /** The module-level variable or class at its root. */
  root: ts.Declaration;
}

export function isModuleLevel(decl: ts.Node): boolean {
  if (ts.isVariableDeclaration(decl)) {
    const statement = decl.parent?.parent;
    return !!statement && ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent);
  }
  return (ts.isClassDeclaration(decl) || ts.isFunctionDeclaration(decl)) && ts.isSourceFile(decl.parent);
}

function isConst(decl: ts.VariableDeclaration): boolean {
  return (decl.parent.flags & ts.NodeFlags.Const) !== 0;
}

function keyOf(decl: ts.Node): string {
  return `${decl.getSourceFile().fileName}:${decl.getStart()}`;
}

/** A module-level variable declaration that an identifier names (through imports too). */
export function moduleVariableOf(checker: ts.TypeChecker, id: ts.Identifier): ts.VariableDeclaration | ts.ClassDeclaration | undefined {
  const symbol = ts.isShorthandPropertyAssignment(id.parent) ? checker.getShorthandAssignmentValueSymbol(id.parent) : checker.getSymbolAtLocation(id);
  const resolved = aliasTarget(checker, symbol);
  const decl = resolved?.valueDeclaration;
  if (!decl || decl.getSourceFile().isDeclarationFile) return undefined;
  if (ts.isVariableDeclaration(decl) && isModuleLevel(decl) && ts.isIdentifier(decl.name)) {
    // `const fs = require('fs')` is a module binding, not state.
    const init = decl.initializer && skipOuterExpressions(decl.initializer);
    if (init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require') return undefined;
    return decl;
  }
  if (ts.isClassDeclaration(decl) && isModuleLevel(decl)) return decl;
  return undefined;
}

/** Whether a class is instantiated exactly once, at module level: a singleton whose `this` is shared. */
function isSingletonClass(cls: ts.ClassLikeDeclaration): boolean {
  if (!cls.name) return false;
  const name = cls.name.text;
  const sites: ts.NewExpression[] = [];
  walk(cls.getSourceFile(), (node) => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name) sites.push(node);
  });
  if (sites.length !== 1) return false;
  for (let cur: ts.Node | undefined = sites[0].parent; cur; cur = cur.parent) {
    if (isFunctionLike(cur)) return false;
  }
  return true;
}

function propertyPath(expr: ts.Expression): { base: ts.Expression; path: string[] } | undefined {
  const path: string[] = [];
  let node = skipOuterExpressions(expr);
  for (let i = 0; i < 8; i++) {
    if (ts.isPropertyAccessExpression(node)) {
      path.unshift(node.name.text);
      node = skipOuterExpressions(node.expression);
    } else if (ts.isElementAccessExpression(node)) {
      path.unshift(`[${node.argumentExpression.getText()}]`);
      node = skipOuterExpressions(node.expression);
    } else {
      return { base: node, path };
    }
  }
  return undefined;
}

function join(root: string, path: string[]): string {
  return path.reduce((acc, p) => (p.startsWith('[') ? acc + p : `${acc}.${p}`), root);
}

/** The shared storage an expression names, if it is shared. */
export function sharedTargetOf(checker: ts.TypeChecker, expr: ts.Expression): SharedTarget | undefined {
  const found = propertyPath(expr);
  if (!found) return undefined;
  const { base, path } = found;
  if (ts.isIdentifier(base)) {
    const decl = moduleVariableOf(checker, base);
    if (!decl) return undefined;
    if (ts.isVariableDeclaration(decl)) {
      if (path.length === 0 && isConst(decl)) return undefined;
      return { key: join(keyOf(decl), path), label: join(base.text, path), root: decl };
    }
    // Class statics: `Counter.total`.
    if (path.length === 0) return undefined;
    return { key: join(keyOf(decl), path), label: join(base.text, path), root: decl };
  }
  if (base.kind === ts.SyntaxKind.ThisKeyword && path.length > 0) {
    let fn: ts.Node | undefined = base.parent;
    while (fn && !(ts.isMethodDeclaration(fn) || ts.isGetAccessor(fn) || ts.isSetAccessor(fn) || ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isConstructorDeclaration(fn))) fn = fn.parent;
    if (!fn || !(ts.isClassLike(fn.parent))) return undefined;
    const cls = fn.parent as ts.ClassLikeDeclaration;
    const isStatic = (ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Static) !== 0;
    if (!isStatic && !isSingletonClass(cls)) return undefined;
    const owner = cls.name?.text ?? 'this';
    return { key: join(keyOf(cls) + (isStatic ? '' : '#instance'), path), label: join(isStatic ? owner : 'this', path), root: cls };
  }
  return undefined;
}

/** `M.get(k)` / `M.set(k, v)` on a module-level Map: the entry as a target. */
export function mapEntryTargetOf(checker: ts.TypeChecker, call: ts.CallExpression, method: 'get' | 'set'): SharedTarget | undefined {
  if (calleeName(call) !== method || !ts.isPropertyAccessExpression(call.expression) || call.arguments.length < 1) return undefined;
  const map = sharedTargetOf(checker, call.expression.expression) ?? constMapTarget(checker, call.expression.expression);
  if (!map) return undefined;
  const key = call.arguments[0].getText();
  return { key: `${map.key}.get(${key})`, label: `${map.label}.get(${key})`, root: map.root };
}

function constMapTarget(checker: ts.TypeChecker, expr: ts.Expression): SharedTarget | undefined {
  const node = skipOuterExpressions(expr);
  if (!ts.isIdentifier(node)) return undefined;
  const decl = moduleVariableOf(checker, node);
  if (!decl || !ts.isVariableDeclaration(decl)) return undefined;
  return { key: keyOf(decl), label: node.text, root: decl };
}

/** Reads of shared targets inside `expr`, with positions, for data-flow across an `await`. */
export function sharedReadsIn(checker: ts.TypeChecker, expr: ts.Node): Array<{ target: SharedTarget; node: ts.Node }> {
  const out: Array<{ target: SharedTarget; node: ts.Node }> = [];
  const stack: ts.Node[] = [expr];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isFunctionLike(node)) continue;
    if (ts.isCallExpression(node)) {
      const entry = mapEntryTargetOf(checker, node, 'get');
      if (entry) {
        out.push({ target: entry, node });
        continue;
      }
    }
    if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      // Only the outermost access of a chain: `a.b.c` reads `a.b.c`, not `a`.
      const parent = node.parent;
      const isInner = parent && (ts.isPropertyAccessExpression(parent) && parent.expression === node || ts.isElementAccessExpression(parent) && parent.expression === node);
      const isName = parent && ts.isPropertyAccessExpression(parent) && parent.name === node;
      if (!isInner && !isName) {
        const target = sharedTargetOf(checker, node as ts.Expression);
        if (target) {
          out.push({ target, node });
          if (ts.isElementAccessExpression(node)) stack.push(node.argumentExpression);
          continue;
        }
      }
    }
    node.forEachChild((c) => {
      stack.push(c);
    });
  }
  return out;
}
