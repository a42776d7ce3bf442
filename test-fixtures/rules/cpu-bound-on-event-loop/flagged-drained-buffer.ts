// Buffers that are not provably drained after every pass of the inner loop.
interface Chunk { id: number; referencedBy: Chunk[] }

// The buffer is emptied only in a branch the inner loop is not in.
export async function clearedElsewhere(chunks: Chunk[]): Promise<number> {
  let n = 0;
  const ready: Chunk[] = [];
  for (const chunk of chunks) {
//^^^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
    ready.push(chunk);
    if (chunk.id > 0) {
      for (const r of ready) n += r.id;
    } else {
      ready.length = 0;
    }
  }
  return n;
}

// Never emptied.
export async function neverCleared(chunks: Chunk[]): Promise<number> {
  let n = 0;
  const seen: Chunk[] = [];
  for (const chunk of chunks) {
//^^^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
    seen.push(chunk);
    for (const s of seen) n += s.id;
  }
  return n;
}

// Filled before the outer loop: the first pass walks everything.
export async function filledBefore(chunks: Chunk[], seeds: Chunk[]): Promise<number> {
  let n = 0;
  const queue: Chunk[] = [];
  for (const seed of seeds) queue.push(seed);
  for (const chunk of chunks) {
//^^^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
    for (const q of queue) n += q.id + chunk.id;
    queue.length = 0;
  }
  return n;
}

// Emptied before the inner loop, not after it: not the shape the check proves, so left flagged.
export async function clearedBefore(chunks: Chunk[]): Promise<number> {
  let n = 0;
  const all = new Set<Chunk>();
  for (const chunk of chunks) {
//^^^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
    all.clear();
    for (const other of chunk.referencedBy) all.add(other);
    all.add(chunk);
    for (const a of all) n += a.id;
  }
  return n;
}

// A `continue` of the outer loop can skip the clearing.
export async function skipped(chunks: Chunk[]): Promise<number> {
  let n = 0;
  const ready: Chunk[] = [];
  for (const chunk of chunks) {
//^^^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
    ready.push(chunk);
    for (const r of ready) n += r.id;
    if (chunk.id === n) continue;
    ready.length = 0;
  }
  return n;
}

// Refilled with a whole list on every pass: each pass walks all of it.
export async function refilled(chunks: Chunk[], all: Chunk[]): Promise<number> {
  let n = 0;
  const ready: Chunk[] = [];
  for (const chunk of chunks) {
//^^^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
    ready.push(...all);
    for (const r of ready) n += r.id + chunk.id;
    ready.length = 0;
  }
  return n;
}
