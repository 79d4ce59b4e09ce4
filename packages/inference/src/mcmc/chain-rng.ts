/**
 * The random numbers of one Markov chain: a small counter-free generator (sfc32) seeded from
 * the chain's seed, with uniform and standard normal draws in double precision.
 *
 * @module
 */
import { mixSeed } from '@aevb/core';

/**
 * A deterministic stream of uniform and normal numbers for one chain. Chains get independent
 * streams by seeding each with `mixSeed(seed, chain)`, so chain `c` draws the same numbers
 * whatever the number of chains run beside it.
 *
 * @example
 * ```ts
 * const rng = new ChainRng(mixSeed(7, 0));
 * const u = rng.uniform(); // in [0, 1)
 * const z = rng.normal();  // N(0, 1)
 * ```
 * @category MCMC
 */
export class ChainRng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare: number | undefined;

  /** @param seed - an integer seed (any 32-bit value) */
  constructor(seed: number) {
    this.a = mixSeed(seed, 0x51ed27) | 0;
    this.b = mixSeed(seed, 0x2c1b3c6d) | 0;
    this.c = mixSeed(seed, 0x297a2d39) | 0;
    this.d = 1;
    for (let i = 0; i < 12; i++) this.next32();
  }

  private next32(): number {
    // sfc32 (Chris Doty-Humphrey's small fast counting generator).
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform number in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.next32() >>> 5;
    const lo = this.next32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A standard normal number (Marsaglia's polar method; the second value is kept for the next call). */
  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.spare = v * f;
        return u * f;
      }
    }
  }
}
