/**
 * Seeds. Randomness in aevb is an effect: every random draw takes an explicit integer
 * seed, from the {@link seed} handler or, outside one, from the global stream that
 * {@link setGlobalSeed} resets.
 *
 * @module
 */

const MASK = 0x7fffffff;

/**
 * Mixes two integers into a well-spread 31-bit seed (a splitmix32-style finalizer).
 *
 * @category Randomness
 */
export function mixSeed(a: number, b: number): number {
  let h = (Math.imul(a | 0, 0x9e3779b1) ^ Math.imul((b | 0) + 0x7f4a7c15, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return h & MASK;
}

/**
 * Hashes a string (a site name) to an integer, for deriving per-site seeds.
 *
 * @category Randomness
 */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  }
  return h & MASK;
}

/**
 * A deterministic stream of seeds: `next()` returns `mixSeed(base, counter++)`.
 *
 * @category Randomness
 */
export class SeedStream {
  private counter = 0;
  /** @param base - the stream's seed */
  constructor(readonly base: number) {}
  /** The next seed of the stream. */
  next(): number {
    return mixSeed(this.base, this.counter++);
  }
  /** A new independent stream derived from this one. */
  split(): SeedStream {
    return new SeedStream(this.next());
  }
  /** How many seeds were drawn (for checkpoints). */
  get position(): number {
    return this.counter;
  }
  /** Restores a position saved from {@link SeedStream.position}. */
  seek(position: number): void {
    this.counter = position;
  }
}

let globalStream = new SeedStream(Date.now() & MASK);

/**
 * Resets the global seed stream used by draws outside any `seed` handler.
 *
 * @category Randomness
 */
export function setGlobalSeed(seed: number): void {
  globalStream = new SeedStream(seed & MASK);
}

/** The next seed of the global stream. @category Randomness */
export function nextGlobalSeed(): number {
  return globalStream.next();
}
