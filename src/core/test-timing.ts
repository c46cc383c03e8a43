/**
 * Timing for tests that check growth (N against 4N), never a wall-clock limit: the fastest of `runs` timings, in
 * ms, is the one least disturbed by other work on the machine.
 */
export function fastest(fn: () => void, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}
