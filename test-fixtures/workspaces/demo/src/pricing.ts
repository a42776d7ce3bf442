// Functions worth profiling: select one and run "Loopwise: Profile Selection".
import { setTimeout as delay } from 'node:timers/promises';

/** CPU-bound: trial division, no I/O. Scales with worker threads. */
// loopwise-profile-args: [[1500000],[1500000],[1500000],[1500000]]
export function countPrimes(limit: number): number {
  let count = 0;
  for (let n = 2; n <= limit; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) {
      if (n % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count++;
  }
  return count;
}

/** I/O-bound: waits on a (simulated) exchange-rate service. Concurrency helps, threads do not. */
// loopwise-profile-args: [["EUR"],["USD"],["GBP"],["JPY"]]
export async function fetchRate(currency: string): Promise<number> {
  await delay(80);
  return currency.length * 0.37;
}
