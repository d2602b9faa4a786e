// How much slower work gets when its
// input grows `factor` times. Linear work gives about `factor`, quadratic
// about factor squared (printed by bench/hostile-input.ts). Each size
// is timed several times, interleaved, and the fastest run kept, so a busy
// machine (which only ever adds time) skews the ratio less.

/** The ratio of the best time at `factor` times the input to the best time at the base input. */
export function growthRatio<T>(make: (scale: number) => T, work: (input: T) => unknown, opts: { factor?: number; runs?: number } = {}): number {
  const factor = opts.factor ?? 8;
  const runs = opts.runs ?? 5;
  const small = make(1);
  const large = make(factor);
  work(small); // warm up the code paths (JIT) before timing
  let bestSmall = Infinity;
  let bestLarge = Infinity;
  for (let i = 0; i < runs; i++) {
    bestSmall = Math.min(bestSmall, timed(() => work(small)));
    bestLarge = Math.min(bestLarge, timed(() => work(large)));
  }
  // A floor keeps a sub-millisecond base from turning timer noise into a large ratio.
  return bestLarge / Math.max(bestSmall, 0.5);
}

function timed(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}
