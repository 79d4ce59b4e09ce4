// A minimal Normal used only by core's own unit tests (the real families live in @aevb/distributions).
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Constraint, Distribution, SampleOptions, Transform } from '../distribution.js';
import { nextGlobalSeed } from '../random.js';

export const real: Constraint = { name: 'real', spec: { kind: 'real' }, eventDim: 0, isContinuous: true, check: (v) => tf.isFinite(v) };
export const expTransform: Transform = {
  name: 'exp',
  eventDim: 0,
  forward: (x) => tf.exp(x),
  inverse: (y) => tf.log(y),
  forwardLogDetJacobian: (x) => x,
};
export const positive: Constraint = {
  name: 'positive',
  spec: { kind: 'positive' },
  eventDim: 0,
  isContinuous: true,
  check: (v) => tf.greater(v, 0),
  defaultTransform: () => expTransform,
};

export class ToyNormal implements Distribution {
  readonly family = 'ToyNormal';
  readonly eventShape: number[] = [];
  readonly batchShape: number[];
  readonly support = real;
  readonly hasRsample = true;
  constructor(
    readonly loc: Tensor,
    readonly scale: Tensor,
  ) {
    this.batchShape = tf.broadcast_util.assertAndGetBroadcastShape(loc.shape, scale.shape);
  }
  rsample(options?: SampleOptions): Tensor {
    const eps = tf.randomNormal(this.batchShape, 0, 1, 'float32', options?.seed ?? nextGlobalSeed());
    return tf.add(this.loc, tf.mul(this.scale, eps));
  }
  sample(options?: SampleOptions): Tensor {
    return this.rsample(options);
  }
  logProb(value: Tensor): Tensor {
    const z = tf.div(tf.sub(value, this.loc), this.scale);
    return tf.sub(tf.mul(-0.5, tf.square(z)), tf.add(tf.log(this.scale), 0.5 * Math.log(2 * Math.PI)));
  }
}
