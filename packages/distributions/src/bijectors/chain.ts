/** @module */
import { ArgumentError, tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { Bijector, sumRightmost } from './bijector.js';

/**
 * Composition applied in list order: `new ChainBijector([a, b]).forward(x) = b.forward(a.forward(x))`
 * (Pyro's order; TFP's Chain lists the other way round). Its event rank is the largest of its
 * parts'; an elementwise part's log-det is summed up to it.
 *
 * @category Bijectors
 */
export class ChainBijector extends Bijector {
  readonly name: string;
  readonly eventDim: number;
  /** @param parts - bijectors, applied first to last */
  constructor(readonly parts: readonly Bijector[]) {
    super();
    if (parts.length === 0) throw new ArgumentError('ChainBijector', 'parts', 'must hold at least one bijector');
    this.name = `Chain(${parts.map((p) => p.name).join(', ')})`;
    this.eventDim = Math.max(...parts.map((p) => p.eventDim));
  }
  forward(x: Tensor): Tensor {
    return tf.tidy(() => this.parts.reduce((acc, p) => p.forward(acc), x));
  }
  inverse(y: Tensor): Tensor {
    return tf.tidy(() => this.parts.reduceRight((acc, p) => p.inverse(acc), y));
  }
  forwardLogDetJacobian(x: Tensor): Tensor {
    return tf.tidy(() => {
      let total: Tensor | undefined;
      let cur = x;
      for (const p of this.parts) {
        const ldj = sumRightmost(p.forwardLogDetJacobian(cur), this.eventDim - p.eventDim);
        total = total === undefined ? ldj : tf.add(total, ldj);
        cur = p.forward(cur);
      }
      return total as Tensor;
    });
  }
}
