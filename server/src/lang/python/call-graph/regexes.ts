/**
 * Where a Python function applies a super-linear `re` pattern to input-sized
 * text: `re.match/search/fullmatch/findall/finditer/sub/subn/split(pattern, text)`
 * with a literal pattern, or the same methods of a name bound once to
 * `re.compile(<literal>)`. The pattern goes through the one analysis of both
 * languages (core/super-linear-regex.ts), translated where the syntax agrees.
 */
import { superLinearAdvice, superLinearRegex, type RegexApplication } from '../../../core/super-linear-regex';
import type { PyFunction, PyModule } from '../model';
import { jsFlagsOf, jsPatternToPython, pythonPatternToJs, pythonStringValue } from '../regex-syntax';
import { externalName, type PyResolver } from '../resolve';
import { child, type PyNode, unparen, walkSelf } from '../syntax';
import { isConstantIterable } from './loop-facts';

/** Each `re` function: how it applies the pattern, and where the text is among the positional arguments. */
const FUNCTIONS: Record<string, { application: RegexApplication; text: number }> = {
  match: { application: 'anchored', text: 1 },
  fullmatch: { application: 'anchored', text: 1 },
  search: { application: 'search', text: 1 },
  findall: { application: 'search', text: 1 },
  finditer: { application: 'search', text: 1 },
  split: { application: 'search', text: 1 },
  sub: { application: 'search', text: 2 },
  subn: { application: 'search', text: 2 },
};

export interface PyRegexWork {
  what: string;
  detail: string;
  node: PyNode;
}

function positional(args: PyNode | undefined): PyNode[] {
  return args?.type === 'argument_list' ? args.children.filter((a) => a.type !== 'keyword_argument' && a.type !== 'comment') : [];
}

function keyword(args: PyNode | undefined, name: string): PyNode | undefined {
  const kw = args?.children.find((a) => a.type === 'keyword_argument' && child(a, 'name')?.text === name);
  return kw ? child(kw, 'value') : undefined;
}

/** A literal pattern's text (adjacent literals joined), or undefined. */
function literalText(node: PyNode | undefined, module: PyModule): string | undefined {
  if (!node) return undefined;
  const n = unparen(node);
  const parts = n.type === 'concatenated_string' ? n.children : n.type === 'string' ? [n] : [];
  if (parts.length === 0) return undefined;
  let text = '';
  for (const p of parts) {
    if (p.type !== 'string' || p.children.some((c) => c.type === 'interpolation')) return undefined;
    const value = pythonStringValue(module.text.slice(p.start, p.end));
    if (value === undefined) return undefined;
    text += value;
  }
  return text;
}

/** `re.I | re.M` as JavaScript flags; undefined when a flag does not map or is not written out. */
function flagsOf(node: PyNode | undefined, module: PyModule, resolver: PyResolver): string | undefined {
  if (!node) return '';
  const names: string[] = [];
  let ok = true;
  walkSelf(unparen(node), (n) => {
    if (!ok) return false;
    if (n.type === 'binary_operator') return;
    if (n.type === 'attribute' || n.type === 'identifier') {
      const name = externalName(resolver.resolve(n, module));
      const m = name && /^re\.(?:RegexFlag\.)?([A-Z]+)$/.exec(name);
      if (m) names.push(m[1]);
      else ok = false;
      return false;
    }
    if (n.type === 'integer' && n.text === '0') return false;
    ok = false;
    return false;
  });
  return ok ? jsFlagsOf(names) : undefined;
}

/** A compiled pattern: `re.compile(<literal>, <flags>)`. */
function compiledPattern(call: PyNode, module: PyModule, resolver: PyResolver): { pattern: string; flags: string } | undefined {
  if (call.type !== 'call' || externalName(resolver.resolve(child(call, 'function')!, module)) !== 're.compile') return undefined;
  const args = child(call, 'arguments');
  const [p, f] = positional(args);
  const pattern = literalText(p ?? keyword(args, 'pattern'), module);
  const flags = flagsOf(f ?? keyword(args, 'flags'), module, resolver);
  return pattern !== undefined && flags !== undefined ? { pattern, flags } : undefined;
}

/** The pattern a receiver names: a name (local or module-level) bound once, to `re.compile(<literal>)`. */
function patternOfReceiver(recv: PyNode, module: PyModule, resolver: PyResolver): { pattern: string; flags: string } | undefined {
  const r = unparen(recv);
  if (r.type === 'call') return compiledPattern(r, module, resolver);
  if (r.type !== 'identifier') return undefined;
  const found = resolver.lookup(r.text!, resolver.scopeOf(r, module), module);
  if (!found || found.bindings.length !== 1) return undefined;
  const b = found.bindings[0];
  return b.kind === 'assign' && b.value ? compiledPattern(unparen(b.value), module, resolver) : undefined;
}

/** Text fixed by the program: a literal (not an f-string), or a name bound once to one. */
function isConstantText(text: PyNode, module: PyModule, resolver: PyResolver): boolean {
  const t = unparen(text);
  if (t.type === 'string' && t.children.some((c) => c.type === 'interpolation')) return false;
  return isConstantIterable(t, module, resolver);
}

const SAME_SIZE_METHODS = new Set(['strip', 'lstrip', 'rstrip', 'lower', 'upper', 'casefold', 'decode']);

/**
 * Positive evidence that the text is sized by data from outside, followed back
 * through locals, attribute reads and same-size string methods: a parameter of
 * the `async def` itself (`request.path`, `message.body`, `text`), or a local
 * bound to an awaited call (`body = await request.text()`). A parameter of a
 * plain helper is not followed back to its callers, and other locals
 * (configuration, schema names, versions) are not evidence.
 */
function isInputText(text: PyNode, fn: PyFunction, module: PyModule, resolver: PyResolver, depth = 0): boolean {
  if (depth > 6 || isConstantText(text, module, resolver)) return false;
  let t = unparen(text);
  if (t.type === 'await') return true;
  if (t.type === 'call') {
    const f = unparen(child(t, 'function')!);
    if (f.type === 'identifier' && f.text === 'str') {
      const arg = positional(child(t, 'arguments'))[0];
      return !!arg && isInputText(arg, fn, module, resolver, depth + 1);
    }
    if (f.type === 'attribute' && SAME_SIZE_METHODS.has(child(f, 'attribute')?.text ?? '')) return isInputText(child(f, 'object')!, fn, module, resolver, depth + 1);
    return false;
  }
  while (t.type === 'attribute' || t.type === 'subscript') t = unparen(child(t, t.type === 'attribute' ? 'object' : 'value')!);
  if (t.type !== 'identifier') return false;
  const found = resolver.lookup(t.text!, resolver.scopeOf(t, module), module);
  if (!found || found.owner !== fn || found.bindings.length !== 1) return false;
  const b = found.bindings[0];
  if (b.kind === 'param') return fn.isAsync && t.text !== 'self' && t.text !== 'cls';
  if (b.kind === 'assign' && b.value) return isInputText(b.value, fn, module, resolver, depth + 1);
  return false;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The super-linear regex this call applies to non-constant text, if any. */
export function pythonRegexWork(call: PyNode, fn: PyFunction, resolver: PyResolver): PyRegexWork | undefined {
  const module = fn.module;
  const fnNode = child(call, 'function');
  if (!fnNode || fnNode.type !== 'attribute') return undefined;
  const method = child(fnNode, 'attribute')?.text ?? '';
  const use = FUNCTIONS[method];
  if (!use) return undefined;
  const args = child(call, 'arguments');
  const pos = positional(args);
  let regex: { pattern: string; flags: string } | undefined;
  let text: PyNode | undefined;
  if (externalName(resolver.resolve(fnNode, module)) === `re.${method}`) {
    regex = (() => {
      const pattern = literalText(pos[0] ?? keyword(args, 'pattern'), module);
      const flags = flagsOf(pos[use.text + 1] ?? keyword(args, 'flags'), module, resolver);
      return pattern !== undefined && flags !== undefined ? { pattern, flags } : undefined;
    })();
    text = pos[use.text] ?? keyword(args, 'string');
  } else {
    regex = patternOfReceiver(child(fnNode, 'object')!, module, resolver);
    text = pos[use.text - 1] ?? keyword(args, 'string');
  }
  if (!regex || !text || !isInputText(text, fn, module, resolver)) return undefined;
  const js = pythonPatternToJs(regex.pattern, regex.flags);
  if (!js) return undefined;
  const analysed = superLinearRegex(js.source, js.flags, use.application);
  if (!analysed) return undefined;
  // A copy: the analysis caches its answer, and the rewrite is shown in Python syntax.
  const found = { ...analysed };
  if (found.fixed) {
    const back = jsPatternToPython(found.fixed.source);
    found.fixed = back === undefined ? undefined : { source: back, flags: found.fixed.flags };
  }
  const textSource = module.text.slice(text.start, text.end);
  return {
    node: call,
    what: `the regex r'${shorten(regex.pattern, 40)}' takes ${found.complexityText} on '${shorten(textSource, 30)}' like ${found.attackShape}`,
    detail: superLinearAdvice(found, 'python'),
  };
}
