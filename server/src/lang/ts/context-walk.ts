/**
 * Walks the code that runs while a function runs: its body and the inline
 * callbacks it hands to other calls (`xs.map(x => …)`), but not nested functions
 * that run later or only when called. The same boundary `forEachCallIn` uses.
 */
import { ts } from './compiler';
import { isFunctionLike, SKIP_CHILDREN, STOP_WALK, walkCarrying, type FunctionLike } from './ast';
import { classifyFunction } from './event-loop-context';

/** Return `false` from `visit` to skip a node's children. */
export function forEachNodeIn(checker: ts.TypeChecker, program: ts.Program, fn: FunctionLike,
  visit: (node: ts.Node, directlyInFunction: boolean) => boolean | void): void {
  const body = fn.body;
  if (!body) return;
  walkCarrying(body, true, (node, direct) => {
    if (node !== body) {
      if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) return SKIP_CHILDREN;
      // Only inline callbacks (map, forEach, …) run as part of this function.
      if (isFunctionLike(node)) {
        if (classifyFunction(checker, program, node).role !== 'inline') return SKIP_CHILDREN;
        direct = false;
      }
    }
    return visit(node, direct) === false ? SKIP_CHILDREN : direct;
  });
}

/** Whether `root` contains an `await` (or `for await`, or `yield`) that runs in the same function. */
export function containsAwait(root: ts.Node): boolean {
  let found = false;
  walkCarrying(root, undefined, (node) => {
    if (node !== root && (isFunctionLike(node) || ts.isClassLike(node))) return SKIP_CHILDREN;
    if (ts.isAwaitExpression(node) || ts.isYieldExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) {
      found = true;
      return STOP_WALK;
    }
    return undefined;
  });
  return found;
}

/** Every node below `root` in the same function (nested functions and classes skipped). */
export function forEachInSameFunction(root: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  const stack: ts.Node[] = [];
  root.forEachChild((c) => {
    stack.push(c);
  });
  stack.reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isFunctionLike(node) || ts.isClassLike(node)) continue;
    if (visit(node) === false) continue;
    const children: ts.Node[] = [];
    node.forEachChild((c) => {
      children.push(c);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}
