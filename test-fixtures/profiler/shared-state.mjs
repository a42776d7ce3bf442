// Results depend on module state, which each worker has its own copy of.
let calls = 0;
export function counter(x) {
  calls += 1;
  return x * 1000 + calls;
}
