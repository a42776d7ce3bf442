/**
 * Per-item evidence: a `for` loop or comprehension around a call that iterates over data,
 * not over a literal or constant collection, a one-shot run's launch arguments, a count,
 * or what the command line sizes (the user's typed options, once per run).
 */
import { canonical } from '../apis';
import { blockingApiNamed } from '../blocking-apis';
import { argumentFor } from '../call-graph/data-origin';
import { isConstantIterable } from '../call-graph/loop-facts';
import { leavesLoopOnceDone } from '../loop-exits';
import type { PyFunction } from '../model';
import { isOneShotFunction } from '../one-shot';
import { externalName } from '../resolve';
import { child, type PyNode, unparen, walkAll } from '../syntax';
import type { HotPathFacts } from './facts';
import { annotatedTypes } from './annotations';
import { usesOf } from './uses';
import { isInsideNode, some, textOf } from './nodes';

/**
 * The iterable of the innermost `for` loop or comprehension of `fn` around `node`
 * that iterates over data (not a literal or constant collection), as text.
 */
export function loopOverData(node: PyNode, fn: PyFunction, facts: HotPathFacts): string | undefined {
  // Class-level code (a classmethod or staticmethod: an alternative constructor, a
  // discovery of the instances to make) loops over what the class is about to build
  // from its configuration, once per instance: not per item of the data it serves.
  if (isClassLevel(fn, facts)) return undefined;
  for (let n: PyNode | null = node; n && n.parent && n.parent !== fn.node; n = n.parent) {
    const p: PyNode = n.parent;
    if (p.type === 'for_statement' && n === child(p, 'body')) {
      const iter = child(p, 'right');
      // A fallback loop (the first item that works ends it) runs `node` once, not per item.
      if (iter && isData(iter, fn, facts) && !leavesLoopOnceDone(node, p, n)) return textOf(fn.module, iter);
    }
    if (/comprehension|generator_expression/.test(p.type) && n.type !== 'for_in_clause') {
      // The element (or a condition) runs once per item of each `for … in …` clause.
      for (const clause of p.children.filter((c) => c.type === 'for_in_clause')) {
        const iter = child(clause, 'right');
        if (iter && !isInsideNode(n, iter) && isData(iter, fn, facts)) return textOf(fn.module, iter);
      }
    }
  }
  return undefined;
}

/** A method decorated `@classmethod` or `@staticmethod` (the builtins, as the resolver reads them). */
function isClassLevel(fn: PyFunction, facts: HotPathFacts): boolean {
  if (!fn.cls) return false;
  return fn.decorators.some((d) => {
    const expr = d.children.find((c) => c.type === 'identifier' || c.type === 'attribute');
    if (!expr) return false;
    const name = externalName(facts.resolver.resolve(expr, fn.module)) ?? `builtins.${expr.text}`;
    return name === 'builtins.classmethod' || name === 'builtins.staticmethod';
  });
}

/**
 * An iterable computed only from a one-shot function's launch arguments: its
 * parameters (`asyncio.run(main(pairs))` fills them from the command line or
 * configuration, once per run), for a nested main coroutine the parameters of the
 * function that launches it (its closure: a CLI command's options), and locals computed from those alone
 * (loop targets over them, results of calls that take only them: `prepare_pair(pair,
 * config=ctx.config)`), but not what a read from outside returns (a blocking API:
 * `os.listdir(root)`, a request). Its items are the configured units (pairs,
 * collections, targets), not data arriving from outside.
 */
function isLaunchArgument(iter: PyNode, fn: PyFunction, facts: HotPathFacts): boolean {
  const derived = launchDerived(fn, facts);
  return !!derived && derivedFrom(iter, fn, derived, facts);
}

const derivedMemo = new WeakMap<PyFunction, { generation: number; names: Set<string> }>();

/** The locals of one-shot `fn` computed only from its launch arguments, or undefined when `fn` is not one-shot. */
function launchDerived(fn: PyFunction, facts: HotPathFacts): Set<string> | undefined {
  return fn.isAsync && isOneShotFunction(fn, facts, 0) ? derivedNames(fn, facts) : undefined;
}

/**
 * The locals of `fn` computed only from its parameters (a greatest fixpoint, so a
 * name reassigned from itself, `cols = prepare(cols)`, stays derived).
 */
function derivedNames(fn: PyFunction, facts: HotPathFacts): Set<string> {
  const gen = facts.workspace.generation;
  const known = derivedMemo.get(fn);
  if (known && known.generation === gen) return known.names;
  const names = new Set(fn.locals.keys());
  derivedMemo.set(fn, { generation: gen, names: new Set() });
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, bindings] of fn.locals) {
      if (!names.has(name)) continue;
      const ok = bindings.every((b) => {
        if (b.kind === 'param') return true;
        if (b.kind === 'assign' || b.kind === 'with') return !!b.value && derivedFrom(b.value, fn, names, facts);
        if (b.kind === 'other' && b.node.type === 'for_statement') {
          const right = child(b.node, 'right');
          return !!right && derivedFrom(right, fn, names, facts);
        }
        return false;
      });
      if (!ok) {
        names.delete(name);
        changed = true;
      }
    }
  }
  derivedMemo.set(fn, { generation: gen, names });
  return names;
}

/** For a name `fn` does not bind: whether the enclosing function that binds it computes it from its own parameters. */
function closureDerived(name: string, fn: PyFunction, facts: HotPathFacts): boolean {
  for (let outer = fn.parent; outer; outer = outer.parent) {
    if (outer.locals.has(name)) return derivedNames(outer, facts).has(name);
  }
  return false;
}

/** Whether every name `expr` reads is derived (`derived`, or a closure name its enclosing function derives from its parameters), or a callee that reads nothing from outside. */
function derivedFrom(expr: PyNode, fn: PyFunction, derived: Set<string>, facts: HotPathFacts): boolean {
  let ok = true;
  const check = (n: PyNode) => {
    if (!ok) return false;
    if (n.type === 'lambda') {
      ok = false;
      return false;
    }
    if (n.type === 'call') {
      const callee = child(n, 'function');
      const ext = callee && externalName(facts.resolver.resolve(callee, fn.module));
      if (ext && blockingApiNamed(ext)) ok = false;
      // A module-level callee (`prepare(pair)`, `os.path.join(root, name)`) called with launch-derived arguments.
      let root = callee;
      while (root?.type === 'attribute') root = child(root, 'object');
      if (root?.type === 'identifier' && !fn.locals.has(root.text ?? '')) {
        const args = child(n, 'arguments');
        if (args) walkAll(args, check);
        return false;
      }
      return true;
    }
    if (n.type !== 'identifier' || !n.text) return true;
    if (n.parent?.type === 'attribute' && n.field === 'attribute') return true;
    if (n.parent?.type === 'keyword_argument' && n.field === 'name') return true;
    // Module-level state (`os.environ[…]`, a global list) is not what the launch passed.
    if (fn.locals.has(n.text) ? !derived.has(n.text) : !closureDerived(n.text, fn, facts)) ok = false;
    return true;
  };
  if (check(expr) !== false) walkAll(expr, check);
  return ok;
}

/**
 * An iterable of data: not a literal or constant collection, not the launch
 * arguments of a one-shot run (isLaunchArgument), not a count
 * (`range(retries)`, a retry or attempt loop; `range(len(items))` walks items), and
 * not the program's own loaded modules (`sys.modules`, which a reloader walks).
 */
function isData(iter: PyNode, fn: PyFunction, facts: HotPathFacts): boolean {
  const module = fn.module;
  if (isConstantIterable(iter, module, facts.resolver) || isLaunchArgument(iter, fn, facts) || isProgramSized(iter, fn, facts, 0)) return false;
  const it = unparen(iter);
  const named = (m: PyNode, name: string) => externalName(facts.resolver.resolve(m, module)) === name;
  if (it.type === 'call' && named(child(it, 'function')!, 'builtins.range') && !some(it, (m) => m.type === 'call' && named(child(m, 'function')!, 'builtins.len'))) return false;
  return !some(it, (m) => m.type === 'attribute' && named(m, 'sys.modules'));
}

/** What a command-line parser returns: the parsed options (argparse, optparse). */
const PARSE_CALLS = new Set([
  'argparse.ArgumentParser.parse_args', 'argparse.ArgumentParser.parse_known_args', 'argparse.ArgumentParser.parse_intermixed_args',
  'argparse.ArgumentParser.parse_known_intermixed_args', 'optparse.OptionParser.parse_args',
]);
const PARSER_TYPES = new Set(['argparse.ArgumentParser', 'optparse.OptionParser']);
/** The types of a parsed-options object, as parameters are annotated. */
const PARSED_TYPES = new Set(['argparse.Namespace', 'optparse.Values']);
/** Builtins whose result is as large as their first argument. */
const SIZE_KEEPING = new Set(['builtins.sorted', 'builtins.list', 'builtins.set', 'builtins.tuple', 'builtins.reversed', 'builtins.enumerate', 'builtins.frozenset']);
/** Methods whose result is as large as their receiver. */
const SIZE_KEEPING_METHODS = new Set(['items', 'keys', 'values', 'copy', 'split']);
const MAX_PROGRAM_DEPTH = 4;

/**
 * An iterable the command line sizes: `sys.argv`, or an attribute of a parsed-options
 * object (what argparse's or optparse's `parse_args()` returns, a parameter annotated
 * `argparse.Namespace` or `optparse.Values`, a parameter of a click or typer command),
 * through locals, `sorted`/`list`/… and `.items()`/`.split()`, and through a parameter
 * of a module-level function that every workspace call fills with such a value. Its
 * items are what the user typed, once per run: not data arriving from outside. A call
 * of anything else (a reader of the file an option names) is not followed: what it
 * returns may be data.
 */
function isProgramSized(expr: PyNode, fn: PyFunction, facts: HotPathFacts, depth: number): boolean {
  if (depth > MAX_PROGRAM_DEPTH) return false;
  const n = unparen(expr);
  const module = fn.module;
  const ext = (m: PyNode) => externalName(facts.resolver.resolve(m, module));
  switch (n.type) {
    case 'attribute': {
      if (ext(n) === 'sys.argv') return true;
      const object = child(n, 'object');
      return !!object && isParsedOptions(object, fn, facts, depth);
    }
    case 'subscript': {
      const value = child(n, 'value');
      return !!value && isProgramSized(value, fn, facts, depth);
    }
    case 'boolean_operator':
    case 'conditional_expression': {
      const parts = n.type === 'conditional_expression' ? n.children.filter((_, i) => i !== 1) : n.children;
      const sized = parts.filter((c) => !isConstantIterable(c, module, facts.resolver));
      return sized.length > 0 && sized.every((c) => isProgramSized(c, fn, facts, depth));
    }
    case 'call': {
      const callee = child(n, 'function');
      if (!callee) return false;
      const args = child(n, 'arguments');
      if (args?.type !== 'argument_list') return false;
      const first = args.children.find((c) => c.type !== 'comment');
      if (SIZE_KEEPING.has(ext(callee) ?? '')) return !!first && isProgramSized(first, fn, facts, depth);
      if (callee.type === 'attribute' && SIZE_KEEPING_METHODS.has(child(callee, 'attribute')?.text ?? '')) {
        const object = child(callee, 'object');
        return !!object && isProgramSized(object, fn, facts, depth);
      }
      return false;
    }
    case 'identifier':
      // A click or typer command's parameter is an option's value.
      if (n.text && fn.locals.get(n.text)?.every((b) => b.kind === 'param') && isCliCommand(fn, facts)) return true;
      // The positional arguments of optparse's `options, args = parser.parse_args()`, the rest of `parse_known_args()`.
      if (isParsedOptions(n, fn, facts, depth)) return true;
      return boundOnlyTo(n, fn, facts, depth, (value, d) => isProgramSized(value, fn, facts, d), isProgramSized);
    default:
      return false;
  }
}

/** A parsed-options object: what a command-line parser's `parse_args()` returns, a parameter typed or filled as one. */
function isParsedOptions(expr: PyNode, fn: PyFunction, facts: HotPathFacts, depth: number): boolean {
  const n = unparen(expr);
  if (n.type !== 'identifier' || !n.text) return false;
  const param = fn.params.find((p) => p.name === n.text);
  if (param && fn.locals.get(n.text)?.every((b) => b.kind === 'param')) {
    if (param.annotation && annotatedTypes(param.annotation, fn, facts).some((t) => PARSED_TYPES.has(t))) return true;
    if (isCliCommand(fn, facts)) return true;
  }
  return boundOnlyTo(n, fn, facts, depth, (value) => {
    const v = unparen(value);
    const callee = v.type === 'call' ? child(v, 'function') : undefined;
    if (!callee) return false;
    if (PARSE_CALLS.has(canonical(externalName(facts.resolver.resolve(callee, fn.module)) ?? ''))) return true;
    // `parser = argparse.ArgumentParser()` … `parser.parse_args()`.
    const method = callee.type === 'attribute' ? child(callee, 'attribute')?.text : undefined;
    const object = callee.type === 'attribute' ? child(callee, 'object') : undefined;
    if (!method || !object) return false;
    const parser = parserType(object, fn, facts);
    return !!parser && PARSE_CALLS.has(`${parser}.${method}`);
  }, isParsedOptions);
}

/** The parser type (`argparse.ArgumentParser`, `optparse.OptionParser`) of a local constructed as one or a parameter annotated as one. */
function parserType(expr: PyNode, fn: PyFunction, facts: HotPathFacts): string | undefined {
  const n = unparen(expr);
  const bindings = n.type === 'identifier' && n.text ? fn.locals.get(n.text) : undefined;
  if (!bindings || bindings.length !== 1) return undefined;
  const b = bindings[0];
  let types: string[] = [];
  if (b.kind === 'param' && b.annotation) types = annotatedTypes(b.annotation, fn, facts);
  else if (b.kind === 'assign' && b.value && unparen(b.value).type === 'call') {
    const callee = child(unparen(b.value), 'function');
    const e = callee && externalName(facts.resolver.resolve(callee, fn.module));
    if (e) types = [canonical(e)];
  }
  return types.find((t) => PARSER_TYPES.has(t));
}

/**
 * Whether local `name` of `fn` is bound only to values `ok` accepts (assignments; a `for`
 * target to its iterable, for `isProgramSized`) or, for a parameter of a module-level
 * function, whether every workspace call fills it with what `atCaller` accepts there.
 */
function boundOnlyTo(
  name: PyNode, fn: PyFunction, facts: HotPathFacts, depth: number,
  ok: (value: PyNode, depth: number) => boolean,
  atCaller: (arg: PyNode, caller: PyFunction, facts: HotPathFacts, depth: number) => boolean,
): boolean {
  const bindings = name.text ? fn.locals.get(name.text) : undefined;
  if (!bindings || bindings.length === 0) return false;
  return bindings.every((b) => {
    // `options, rest = parser.parse_known_args()`: each name holds a part of what the call returns.
    if (b.kind === 'assign') return !!b.value && ok(b.value, depth + 1);
    if (b.kind === 'other' && b.node.type === 'assignment' && atCaller === isParsedOptions) {
      const right = child(b.node, 'right');
      return !!right && child(b.node, 'left')?.type !== 'identifier' && ok(right, depth + 1);
    }
    if (b.kind === 'other' && b.node.type === 'for_statement' && atCaller === isProgramSized) {
      const right = child(b.node, 'right');
      return !!right && ok(right, depth + 1);
    }
    if (b.kind !== 'param' || fn.cls || fn.isLambda) return false;
    const index = fn.params.findIndex((p) => p.name === name.text);
    if (index < 0) return false;
    const uses = usesOf(fn, facts);
    return uses.length > 0 && uses.every((u) => {
      if (!u.caller || u.call.type !== 'call') return false;
      const arg = argumentFor(u.call, fn, index);
      return !!arg && arg !== 'unknown' && atCaller(arg, u.caller, facts, depth + 1);
    });
  });
}

/** A function whose parameters click or typer fill from the command line (`@click.command()`, `@app.command()` of a `typer.Typer`). */
function isCliCommand(fn: PyFunction, facts: HotPathFacts): boolean {
  return fn.decorators.some((d) => {
    const expr = d.children.find((c) => c.type !== 'comment');
    const callee = expr && (expr.type === 'call' ? child(expr, 'function') : expr);
    const name = callee && canonical(externalName(facts.resolver.resolve(callee, fn.module)) ?? '');
    return !!name && (/^click\.(command|group|option|argument)$/.test(name) || /^click\..*\.command$/.test(name) || /^typer\..*Typer\.(command|callback)$/.test(name));
  });
}
