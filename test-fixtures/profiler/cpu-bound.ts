// A CPU-bound task: a fixed amount of arithmetic, about 100 ms on a 2024 laptop core.
// The work is counted in iterations, not timed, so a contended machine shows up as a
// lower speedup instead of being hidden.
// loopwise-profile-args: [[23000000],[23000000],[23000000],[23000000]]
export function spin(iterations: number): number {
  let x = 0;
  for (let i = 0; i < iterations; i++) x = (x * 31 + 7) % 1000003;
  return x;
}
