// Nested loops where one side's size is fixed by the program text, not by input.
interface Options { include: string[]; exclude: string[]; mode: string }

// The keys of an object whose type lists its properties: an options object.
export async function optionKeys(options: Options, files: string[]): Promise<number> {
  let n = 0;
  for (const key of Object.keys(options)) {
    for (const file of files) if (file.includes(key)) n++;
  }
  for (const key in options) {
    files.forEach((file) => { if (file.endsWith(key)) n++; });
  }
  return n;
}

// `T extends object`: a dictionary would have an index signature or be a Map.
export async function configKeys<T extends object>(config: T, byValues: object, rows: string[]): Promise<number> {
  let n = 0;
  for (const row of rows) {
    for (const key of Object.keys(config)) if (row === key) n++;
  }
  for (const row of rows) {
    for (const value of Object.values(byValues)) if (row === value) n++;
  }
  return n;
}

// A constant array that nothing grows, looped over directly or by its length.
const PREFIXES = ['process.env.', 'import.meta.env.'];
export async function prefixed(names: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const name of names) {
    for (const prefix of PREFIXES) out.push(prefix + name);
  }
  for (const name of names) {
    for (let i = 0; i < PREFIXES.length; i++) out.push(PREFIXES[i] + name);
  }
  return out;
}

// The pieces of a constant string.
export async function segments(paths: string[]): Promise<number> {
  let n = 0;
  for (const path of paths) {
    for (const part of 'node_modules/.cache/loopwise'.split('/')) if (path.includes(part)) n++;
  }
  return n;
}

// A fixed-length tuple parameter.
export async function withinRange(range: [number, number], values: number[]): Promise<number> {
  let n = 0;
  for (const value of values) {
    for (const edge of range) if (value === edge) n++;
  }
  return n;
}

// A handler registry the code only resets to a literal and calls through.
let handlers: Record<string, (id: string) => void> | undefined = undefined;
export function resetHandlers(): void {
  handlers = {};
}
export async function invalidate(queued: string[]): Promise<void> {
  Object.keys(handlers!).forEach((key) => {
    queued.forEach((id) => handlers![key](id));
  });
}

// A breadth-first walk whose loop variable is declared outside the loop: the inner
// list belongs to the current element, so the work is linear in the edges.
interface GraphNode { edges: GraphNode[] }
export async function depths(start: GraphNode, edgesOf: (n: GraphNode) => GraphNode[]): Promise<number> {
  const queue = new Set([start]);
  let node: GraphNode;
  let n = 0;
  for (node of queue) {
    queue.delete(node);
    for (const next of edgesOf(node)) {
      queue.add(next);
      n++;
    }
  }
  return n;
}

// The inner loop runs only for the elements equal to a marker, so the work is linear.
export async function spliceDefaults(extra: string[], defaults: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const item of extra) {
    if (item === '...') {
      for (const d of defaults) out.push(d);
    } else {
      out.push(item);
    }
  }
  return out;
}

const WILDCARD = '*';
export async function expandWildcards(patterns: string[], known: string[]): Promise<string[]> {
  const out: string[] = [];
  patterns.forEach((pattern) => {
    switch (pattern) {
      case WILDCARD:
        for (const name of known) out.push(name);
        break;
      default:
        out.push(pattern);
    }
  });
  return out;
}

// A module's node_modules search paths: one folder per directory up to the root.
export async function packagesOf(parent: NodeModule): Promise<string[]> {
  const found: string[] = [];
  for (const child of parent.children) {
    for (const dir of parent.paths) if (child.filename.startsWith(dir)) found.push(dir);
  }
  return found;
}

// The outer loop is left right after the inner one runs: at most once per call.
export async function lookup(data: unknown, keys: string[]): Promise<unknown> {
  let current = data as Record<string, unknown> | unknown[];
  for (const key of keys) {
    if (Array.isArray(current)) {
      current = current.map((item) => (item as Record<string, unknown>)[key]);
      return current;
    }
    current = current[key] as Record<string, unknown>;
  }
  return current;
}

// Past a constant index the outer body does nothing: only the first few lines are highlighted.
export async function highlight(lines: string[], terms: string[]): Promise<string[]> {
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (line === '' || i > 3) return;
    for (const term of terms) out.push(line.replaceAll(term, `*${term}*`));
  });
  for (let i = 0; i < lines.length; i++) {
    if (i >= 10) break;
    for (const term of terms) if (lines[i].includes(term)) out.push(term);
  }
  return out;
}
