/**
 * Finds what Profile Selection should run from a file's text and the selection: the
 * top-level function that the selection names or holds the cursor, or the statements
 * the selection covers. Only top-level functions can be profiled, because the bundle
 * exposes the target by name from module scope.
 */
import ts from 'typescript';
import { extname } from 'node:path';
import { findPythonFunctionByName, findPythonTargetAt, listPythonTargets } from './python/find-python-target';
import type { FoundFunction, FoundTarget } from './types';

export type { FoundFunction, FoundSnippet, FoundTarget } from './types';

const ARGS_COMMENT = /\/\/\s*loopwise-profile-args:\s*(.+?)\s*$/m;

function scriptKindFor(file: string): ts.ScriptKind {
  switch (extname(file).toLowerCase()) {
    case '.ts': case '.mts': case '.cts': return ts.ScriptKind.TS;
    case '.tsx': return ts.ScriptKind.TSX;
    case '.jsx': return ts.ScriptKind.JSX;
    default: return ts.ScriptKind.JS;
  }
}

interface Candidate {
  name: string;
  isAsync: boolean;
  statement: ts.Statement;
  fn: ts.FunctionLikeDeclaration;
  nameNode: ts.Node;
}

function hasAsyncModifier(node: ts.Node): boolean {
  return !!ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

function collectCandidates(sf: ts.SourceFile): Candidate[] {
  const out: Candidate[] = [];
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.name && st.body) {
      out.push({ name: st.name.text, isAsync: hasAsyncModifier(st), statement: st, fn: st, nameNode: st.name });
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const init = d.initializer;
        if (ts.isIdentifier(d.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) {
          out.push({ name: d.name.text, isAsync: hasAsyncModifier(init), statement: st, fn: init, nameNode: d.name });
        }
      }
    }
  }
  return out;
}

function argsCommentFor(sf: ts.SourceFile, st: ts.Statement): string | undefined {
  const text = sf.text;
  for (const r of ts.getLeadingCommentRanges(text, st.getFullStart()) ?? []) {
    const m = ARGS_COMMENT.exec(text.slice(r.pos, r.end));
    if (m) return m[1];
  }
  return undefined;
}

function toFound(sf: ts.SourceFile, c: Candidate): FoundFunction {
  return {
    kind: 'function',
    name: c.name,
    isAsync: c.isAsync,
    line: sf.getLineAndCharacterOfPosition(c.statement.getStart(sf)).line,
    argsComment: argsCommentFor(sf, c.statement),
  };
}

const isPython = (file: string) => /\.pyw?$/i.test(file);

/** A top-level function the profiler can run, and whether the module exports it. */
export interface ListedTarget {
  found: FoundFunction;
  exported: boolean;
}

/** Every top-level function Profile Selection can run, for the editor's code lens. */
export function listProfileTargets(source: string, file: string): ListedTarget[] {
  if (isPython(file)) return listPythonTargets(source);
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, scriptKindFor(file));
  const isExported = (st: ts.Statement) => !!ts.canHaveModifiers(st) && !!ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  return collectCandidates(sf).map((c) => ({ found: toFound(sf, c), exported: isExported(c.statement) }));
}

/** Looks a top-level function up by name, for the CLI. */
export function findFunctionByName(source: string, file: string, name: string): FoundTarget {
  if (isPython(file)) return findPythonFunctionByName(source, file, name);
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, scriptKindFor(file));
  const c = collectCandidates(sf).find((x) => x.name === name);
  if (c) return toFound(sf, c);
  const names = collectCandidates(sf).map((x) => x.name);
  return {
    kind: 'none',
    reason: `No top-level function named '${name}' in ${file}.` +
      (names.length ? ` Top-level functions: ${names.join(', ')}.` : ' It has no top-level functions.'),
  };
}

/** The statements of the innermost statement list that the range [start, end) overlaps. */
function statementsOverlapping(sf: ts.SourceFile, start: number, end: number): ts.Statement[] {
  let best: readonly ts.Statement[] = sf.statements;
  const visit = (node: ts.Node): void => {
    if (node.getStart(sf) > start || node.getEnd() < end) return;
    if (ts.isBlock(node) || ts.isSourceFile(node) || ts.isModuleBlock(node)) best = node.statements;
    node.forEachChild(visit);
  };
  sf.forEachChild(visit);
  return best.filter((s) => s.getEnd() > start && s.getStart(sf) < end);
}

function containsAwait(node: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || ts.isFunctionLike(n)) return;
    if (ts.isAwaitExpression(n) || (ts.isForOfStatement(n) && n.awaitModifier)) found = true;
    else n.forEachChild(visit);
  };
  node.forEachChild(visit);
  return found;
}

/**
 * Resolves the selection [start, end) (character offsets) to a target. An empty
 * selection picks the top-level function holding the cursor.
 */
export function findProfileTarget(source: string, file: string, start: number, end: number): FoundTarget {
  if (isPython(file)) return findPythonTargetAt(source, start, end);
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, scriptKindFor(file));
  const candidates = collectCandidates(sf);
  const text = source.slice(start, end).trim();
  const within = (n: ts.Node) => n.getStart(sf) <= start && end <= n.getEnd();
  if (text.length > 0) {
    const named = candidates.find((c) => c.name === text && (within(c.statement) || !candidates.some((o) => within(o.statement))));
    if (named) return toFound(sf, named);
    const covered = candidates.find((c) => start <= c.statement.getStart(sf) && c.fn.getEnd() <= end);
    if (covered && statementsOverlapping(sf, start, end).length === 1) return toFound(sf, covered);
    const stmts = statementsOverlapping(sf, start, end);
    const whole = stmts.length > 0 && stmts.every((s) => s.getStart(sf) >= start - 1 && s.getEnd() <= end + 1);
    if (whole) {
      const from = stmts[0].getStart(sf);
      const code = source.slice(from, stmts[stmts.length - 1].getEnd());
      return {
        kind: 'snippet',
        code,
        startLine: sf.getLineAndCharacterOfPosition(from).line,
        isAsync: stmts.some(containsAwait),
      };
    }
  }
  const holder = candidates.find((c) => within(c.statement));
  if (holder) return toFound(sf, holder);
  return {
    kind: 'none',
    reason: 'Put the cursor in a top-level function (a declaration or a `const` arrow), or select whole statements.',
  };
}

/** Parses task arguments: a JSON array of argument arrays. Throws a readable error. */
export function parseTaskArgs(json: string): unknown[][] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw new Error(`The task arguments are not valid JSON: ${(e as Error).message}. Expected e.g. [[30],[31]].`);
  }
  if (!Array.isArray(value) || value.length === 0) {
    throw new Error('The task arguments must be a non-empty JSON array of argument arrays, e.g. [[30],[31]].');
  }
  const bad = value.findIndex((v) => !Array.isArray(v));
  if (bad >= 0) {
    throw new Error(`Task ${bad} is ${JSON.stringify(value[bad])}, not an argument array. Write [[30],[31]], not [30,31].`);
  }
  return value as unknown[][];
}
