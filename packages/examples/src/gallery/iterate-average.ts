/**
 * Iterate averaging (Polyak–Ruppert) of a fit's parameters: the stochastic optimizer's iterates
 * jitter around the optimum with a spread set by the step size and the gradient noise; their
 * average over the tail of the run is much closer to it.
 *
 * @module
 */
import { tf } from '@aevb/core';
import type { ParamStore } from '@aevb/core';

/** Running sums of a store's unconstrained parameters; {@link IterateAverage.assign} writes their means back. @category Gallery */
export class IterateAverage {
  private readonly sums = new Map<string, { sum: Float64Array; shape: number[] }>();
  private count = 0;

  /** @param params - the store whose parameters are averaged */
  constructor(private readonly params: ParamStore) {}

  /** Adds the current unconstrained values (one read per parameter). */
  record(): void {
    for (const [name, v] of Object.entries(this.params.variables())) {
      let s = this.sums.get(name);
      if (s === undefined) {
        s = { sum: new Float64Array(v.size), shape: [...v.shape] };
        this.sums.set(name, s);
      }
      const values = v.dataSync();
      for (let i = 0; i < values.length; i++) s.sum[i] = (s.sum[i] as number) + (values[i] as number);
    }
    this.count++;
  }

  /** Overwrites every recorded parameter with the mean of its recorded values. */
  assign(): void {
    if (this.count === 0) return;
    for (const [name, s] of this.sums) {
      const mean = tf.tensor(Float32Array.from(s.sum, (v) => v / this.count), s.shape);
      this.params.assignUnconstrained(name, mean);
      mean.dispose();
    }
  }
}
