// Heavy work reached through synchronous helpers, in this file and another.
import { score, similarity, partitions } from './lib/similarity';

function rank(query: string[], docs: string[][]): number[] {
  return docs.map((d) => score(query, d));
}

export async function search(query: string[], docs: string[][]): Promise<number[]> {
  const direct = similarity(query, query);
  //             ^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
  // rank → score → similarity is three functions down, past the rule's meta.chainDepth (2): left alone.
  const ranked = rank(query, docs);
  return [direct, ...ranked, partitions(query.length)];
  //                         ^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
}
