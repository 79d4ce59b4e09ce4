/**
 * The pseudo-distribution behind `ctx.factor`: a site whose log-density is a given tensor.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Constraint, Distribution } from './distribution.js';

const anything: Constraint = {
  name: 'real',
  spec: { kind: 'real' },
  eventDim: 0,
  isContinuous: true,
  check: (v: Tensor) => tf.cast(tf.onesLike(v), 'bool'),
};

/**
 * A unit measure weighted by `exp(logWeight)`: its only "value" is a placeholder of the batch
 * shape (zeros), and `logProb` returns `logWeight` whatever the value. `ctx.factor(name, w)`
 * observes it, so every objective adds `w` to log p(x, z) (scaled and masked like any site).
 *
 * @category Model DSL
 */
export class Factor implements Distribution {
  /** Family name. */
  readonly family = 'Factor';
  /** The shape of the log-weight. */
  readonly batchShape: readonly number[];
  /** Empty: one weight per batch member. */
  readonly eventShape: readonly number[] = [];
  /** Every value (the placeholder is ignored). */
  readonly support = anything;
  /** No parameters to differentiate through a draw. */
  readonly hasRsample = false;
  /** @param logWeight - the log-density term, any shape (its shape is the batch shape) */
  constructor(readonly logWeight: Tensor) {
    this.batchShape = logWeight.shape;
  }
  /** The placeholder value: zeros of the batch shape. */
  sample(): Tensor {
    return tf.zeros(this.batchShape as number[]);
  }
  /** The placeholder value. */
  rsample(): Tensor {
    return this.sample();
  }
  /** `logWeight`, whatever the value. */
  logProb(): Tensor {
    return this.logWeight;
  }
  /** The same weights broadcast to `batchShape`. */
  expand(batchShape: readonly number[]): Factor {
    return new Factor(tf.broadcastTo(this.logWeight, [...batchShape]));
  }
}
