/**
 * Finds a top-level `def` / `async def` in Python source, by name or by the cursor, and
 * the `# loopwise-profile-args:` comment above it. Line-based: a top-level function
 * starts at column 0 and runs until the next line of code at column 0, which is all the
 * profiler needs (it imports the module and looks the function up by name).
 */
import { LineMap } from '../../core/positions';
import type { FoundTarget } from '../types';

const DEF = /^(async\s+)?def\s+([A-Za-z_]\w*)\s*[([]/;
const ARGS = /^#\s*loopwise-profile-args:\s*(.+?)\s*$/;

interface PyDef {
  name: string;
  isAsync: boolean;
  /** 0-based first line (its decorators included) and last line of the definition. */
  first: number;
  defLine: number;
  last: number;
  argsComment?: string;
}

/** The text of each line, without its line break (\n, \r\n or a lone \r, as Python and LSP break lines). */
function linesOf(map: LineMap): string[] {
  const out: string[] = [];
  for (let i = 0; i < map.lineCount; i++) out.push(map.text.slice(map.startOfLine(i), map.startOfLine(i + 1) ?? map.text.length).replace(/\r?\n$|\r$/, ''));
  return out;
}

function collectDefs(source: string, map = new LineMap(source)): PyDef[] {
  const lines = linesOf(map);
  const defs: PyDef[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = DEF.exec(lines[i]);
    if (!m) continue;
    let first = i;
    while (first > 0 && lines[first - 1].startsWith('@')) first--;
    let argsComment: string | undefined;
    for (let j = first - 1; j >= 0 && lines[j].startsWith('#'); j--) {
      const a = ARGS.exec(lines[j]);
      if (a) {
        argsComment = a[1];
        break;
      }
    }
    let last = i;
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j];
      if (l.trim() === '' || /^\s/.test(l)) {
        if (l.trim() !== '') last = j;
        continue;
      }
      if (l.startsWith(')') || l.startsWith(']')) {
        last = j;
        continue;
      }
      break;
    }
    defs.push({ name: m[2], isAsync: !!m[1], first, defLine: i, last, argsComment });
  }
  return defs;
}

function toFound(d: PyDef): FoundTarget {
  return { kind: 'function', name: d.name, isAsync: d.isAsync, line: d.defLine, argsComment: d.argsComment };
}

export function findPythonFunctionByName(source: string, file: string, name: string): FoundTarget {
  const defs = collectDefs(source);
  const d = defs.find((x) => x.name === name);
  if (d) return toFound(d);
  return {
    kind: 'none',
    reason: `No top-level function named '${name}' in ${file}.` + (defs.length ? ` Top-level functions: ${defs.map((x) => x.name).join(', ')}.` : ' It has no top-level functions.'),
  };
}

/** The top-level function that holds the cursor (or whose name is selected). */
export function findPythonTargetAt(source: string, start: number, end: number): FoundTarget {
  const map = new LineMap(source);
  const defs = collectDefs(source, map);
  const selected = source.slice(start, end).trim();
  const byName = selected && defs.find((d) => d.name === selected);
  if (byName) return toFound(byName);
  const line = map.lineOf(start);
  const holder = defs.find((d) => d.first <= line && line <= d.last);
  if (holder) return toFound(holder);
  return { kind: 'none', reason: 'Put the cursor in a top-level Python function (`def` or `async def`). Statement selections are profiled for TypeScript and JavaScript only.' };
}

/** Every top-level function, for the "Profile this function" code lens; `exported` means not `_private`. */
export function listPythonTargets(source: string): Array<{ found: FoundTarget & { kind: 'function' }; exported: boolean }> {
  return collectDefs(source).map((d) => ({ found: { kind: 'function', name: d.name, isAsync: d.isAsync, line: d.defLine, argsComment: d.argsComment }, exported: !d.name.startsWith('_') }));
}
