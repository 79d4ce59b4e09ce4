/**
 * A seeded pseudo-random generator for the gallery's synthetic data (mulberry32), so the data
 * and the reference answers do not depend on TF.js's generators.
 *
 * @module
 */

/** Uniform and standard normal draws from a 32-bit seed. @category Gallery */
export class Rng {
  private state: number;
  /** @param seed - any integer */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** A uniform draw in [0, 1). */
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** A standard normal draw (Box–Muller). */
  normal(): number {
    const u = 1 - this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.uniform());
  }
}
