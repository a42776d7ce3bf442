// Module-level and singleton state updated from a read made before an await.
let total = 0;
const stats = { hits: 0, bytes: 0 };
const counts = new Map<string, number>();

declare function fetchSize(url: string): Promise<number>;
declare function audit(): Promise<void>;

export async function addSize(url: string): Promise<void> {
  total += await fetchSize(url);
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unguarded-shared-state
}

export async function addSizeLong(url: string): Promise<void> {
  total = total + (await fetchSize(url));
//^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unguarded-shared-state
}

export async function hit(n: number): Promise<void> {
  const c = stats.hits;
  await audit();
  stats.hits = c + n;
//^^^^^^^^^^^^^^^^^^ unguarded-shared-state
}

export async function countUrl(url: string): Promise<void> {
  const seen = counts.get(url) ?? 0;
  const next = seen + 1;
  await audit();
  counts.set(url, next);
//^^^^^^^^^^^^^^^^^^^^^ unguarded-shared-state
}

export class Metrics {
  static requests = 0;
  static async record(): Promise<void> {
    const before = Metrics.requests;
    await audit();
    Metrics.requests = before + 1;
 // ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unguarded-shared-state
  }
}

// A singleton: instantiated once, at module level; its `this` is shared.
class Cache {
  private size = 0;
  async grow(url: string): Promise<void> {
    this.size += await fetchSize(url);
 // ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unguarded-shared-state
  }
}
export const cache = new Cache();
