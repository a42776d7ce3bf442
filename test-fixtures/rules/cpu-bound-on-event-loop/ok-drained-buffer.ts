// An inner loop over a buffer that starts empty, is filled only in the outer
// loop's body and is emptied right after the inner loop on every pass: across the
// whole outer loop the inner one runs once per item ever added, so it is linear.
interface Chunk { id: number; referencedBy: Chunk[]; remaining: number }

// webpack's Compilation.createHash: `readyChunks.length = 0` after the inner loop,
// inside the same `if` block.
export async function orderChunks(runtimeChunks: Chunk[]): Promise<Chunk[]> {
  const readyChunks: Chunk[] = [];
  for (const chunk of runtimeChunks) {
    for (const other of chunk.referencedBy) {
      if (--other.remaining === 0) readyChunks.push(other);
    }
    if (readyChunks.length > 0) {
      readyChunks.sort((a, b) => a.id - b.id);
      for (const c of readyChunks) runtimeChunks.push(c);
      readyChunks.length = 0;
    }
  }
  return runtimeChunks;
}

// A Set buffer, walked with forEach, emptied with `.clear()`.
export async function settle(items: Chunk[]): Promise<number> {
  let total = 0;
  const pending = new Set<Chunk>();
  for (const item of items) {
    for (const other of item.referencedBy) pending.add(other);
    pending.forEach((p) => { total += p.id; });
    pending.clear();
  }
  return total;
}

// `splice(0)` and `splice(0, buf.length)`, with a `continue` that ends only the inner loop.
export async function batches(lines: string[]): Promise<number> {
  let n = 0;
  const batch = new Array<string>();
  for (const line of lines) {
    if (line.startsWith('#')) batch.push(line);
    for (const b of batch) {
      if (b === '#') continue;
      n += b.length;
    }
    batch.splice(0);
  }
  const words: string[] = [];
  for (const line of lines) {
    for (const w of line.split(' ')) words.push(w);
    for (const w of words) n += w.length;
    words.splice(0, words.length);
  }
  return n;
}

// `buf = []` after the inner loop.
export async function groups(rows: string[]): Promise<string[]> {
  const out: string[] = [];
  let group: string[] = [];
  for (const row of rows) {
    group.push(row);
    if (row.endsWith(';')) {
      for (const g of group) out.push(g.toUpperCase());
      group = [];
    }
  }
  return out;
}
