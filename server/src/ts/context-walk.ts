/**
 * Walks the code that runs while a function runs: its body and the inline
 * callbacks it hands to other calls (`xs.map(x => …)`), but not nested functions
 * that run later or only when called. The same boundary `forEachCallIn` uses.
 */
import { ts } from './compiler';
import { isFunctionLike, reverseRun, type FunctionLike } from './ast';
import { classifyFunction } from './event-loop-context';

/** Return `false` from `visit` to skip a node's children. */
export function forEachNodeIn(checker: ts.TypeChecker, program: ts.Program, fn: FunctionLike,
  visit: (node: ts.Node, directlyInFunction: boolean) => boolean | void): void {
  if (!fn.body) return;
  // Two parallel stacks and one callback: this runs over every function a rule looks at.
  const nodes: ts.Node[] = [fn.body];
  const directs: boolean[] = [true];
  let direct = true;
  const push = (child: ts.Node) => {
    if (isFunctionLike(child)) {
      if (classifyFunction(checker, program, child).role === 'inline') {
        nodes.push(child);
        directs.push(false);
      }
      return;
    }
    if (ts.isClassDeclaration(child) || ts.isClassExpression(child)) return;
    nodes.push(child);
    directs.push(direct);
  };
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    direct = directs.pop()!;
    if (visit(node, direct) === false) continue;
    const from = nodes.length;
    node.forEachChild(push);
    // Source order off the stack: first child first.
    reverseRun(nodes, from);
    reverseRun(directs, from);
  }
}

/** Whether `root` contains an `await` (or `for await`, or `yield`) that runs in the same function. */
export function containsAwait(root: ts.Node): boolean {
  let found = false;
  const stack: ts.Node[] = [root];
  const pushSameFunction = (child: ts.Node) => {
    if (!isFunctionLike(child) && !ts.isClassLike(child)) stack.push(child);
  };
  while (stack.length > 0 && !found) {
    const node = stack.pop()!;
    if (ts.isAwaitExpression(node) || ts.isYieldExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) {
      found = true;
      break;
    }
    node.forEachChild(pushSameFunction);
  }
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
