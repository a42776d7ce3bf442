// Heavy work reached through synchronous helpers, in this file and another. Each helper's
// work is reported once, where it is (lib/similarity.ts), with these calls as related information.
import { score, similarity, partitions } from './lib/similarity';

function rank(query: string[], docs: string[][]): number[] {
  return docs.map((d) => score(query, d));
}

export async function search(query: string[], docs: string[][]): Promise<number[]> {
  const direct = similarity(query, query);
  const ranked = rank(query, docs);
  return [direct, ...ranked, partitions(query.length)];
}
