// A helper in another file does the heavy work; the rule follows the call graph to it.
export function similarity(a: string[], b: string[]): number {
  let same = 0;
  for (const x of a) {
//^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
    for (const y of b) {
      if (x === y) same++;
    }
  }
  return same;
}

export function score(a: string[], b: string[]): number {
  return similarity(a, b) / Math.max(1, a.length);
}

export function partitions(n: number): number {
//              ^^^^^^^^^^ cpu-bound-on-event-loop
  if (n <= 1) return 1;
  return partitions(n - 1) + partitions(n - 2) + partitions(n - 3);
}
