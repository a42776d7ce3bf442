// Scenario "profile": a CPU-bound function with no I/O, whose tasks are independent,
// so a worker pool should speed it up. The test passes the arguments itself.
export function mixRounds(rounds: number): number {
  let state = 0x9e3779b9;
  for (let i = 0; i < rounds; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
  }
  return state;
}
