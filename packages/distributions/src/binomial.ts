/**
 * The binomial distribution.
 *
 * @module
 */
import { ArgumentError, mixSeed, tf } from '@aevb/core';
import type { Constraint, Tensor } from '@aevb/core';
import { nonnegativeInteger, real, unitInterval } from './constraints.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions } from './distribution.js';
import { toFloat } from './internal/convert.js';
import type { TensorInput } from './internal/convert.js';
import { givenTensor, probsOrLogits } from './internal/probs-or-logits.js';
import type { GivenProbsOrLogits, ProbsOrLogits } from './internal/probs-or-logits.js';
import { uniformOpen } from './internal/random.js';
import { broadcastShapes } from './internal/shapes.js';
import { lgamma, xlogy } from './internal/special.js';
import type { ParameterTable } from './parameters.js';

/** Bernoulli trials drawn per round of the sampler (bounds its memory to this × the draw size). */
const CHUNK = 64;

/**
 * The parameters of a {@link Binomial}: `totalCount` n (a nonnegative integer, default 1) and
 * exactly one of `probs` and `logits`.
 *
 * @category Families
 */
export type BinomialParams = ProbsOrLogits & { readonly totalCount?: TensorInput };

/**
 * Binomial distribution: successes `k ∈ {0, …, n}` (float32) in `totalCount` n trials with
 * success probability `probs` (or log-odds `logits`). Sampled as a sum of Bernoulli trials in
 * rounds of 64 (cost O(n) per draw; the largest n is read once per instance, a sync, unless
 * `totalCount` is a number); not reparameterized. The entropy has no closed form (throws).
 *
 * Math:
 * ```text
 * log p(k) = lgamma(n + 1) − lgamma(k + 1) − lgamma(n − k + 1) + k log p + (n − k) log(1 − p)
 *          = … + k ℓ − n softplus(ℓ)   (logits ℓ)
 * mean n p, variance n p (1 − p)
 * ```
 *
 * @example
 * ```ts
 * new Binomial({ totalCount: 10, probs: 0.3 }).mean(); // 3
 * ```
 * @category Families
 */
export class Binomial extends DistributionBase<Tensor> {
  /** `totalCount` a nonnegative integer; `logits` real; `probs` in `[0, 1]`. */
  static readonly parameterProperties: ParameterTable<'totalCount' | 'logits' | 'probs'> = {
    totalCount: { constraint: nonnegativeInteger, eventDim: 0 },
    logits: { constraint: real, eventDim: 0 },
    probs: { constraint: unitInterval, eventDim: 0 },
  };
  /** `'Binomial'`. */
  readonly family = 'Binomial';
  /** Integers `0 ≤ k ≤ n`, per batch member. */
  readonly support: Constraint;
  /** False. */
  readonly hasRsample = false;
  /** Number of trials n. */
  readonly totalCount: Tensor;
  private readonly given: GivenProbsOrLogits;
  private maxCount: number | undefined;

  /**
   * @param params - `totalCount` (default 1) and `{ probs }` or `{ logits }`
   * @param options - validation
   */
  constructor(params: BinomialParams, options: DistributionOptions = {}) {
    const given = probsOrLogits('Binomial', params);
    const raw = params.totalCount ?? 1;
    const n = toFloat(raw, 'totalCount', 'Binomial');
    super(broadcastShapes('Binomial', { totalCount: n.shape, [Object.keys(given)[0] as string]: givenTensor(given).shape }), [], options);
    this.given = given;
    this.totalCount = n;
    if (typeof raw === 'number') {
      if (!Number.isInteger(raw) || raw < 0) throw new ArgumentError('Binomial', 'totalCount', `must be a nonnegative integer, got ${raw}`);
      this.maxCount = raw;
    }
    const count = n;
    this.support = {
      name: 'integerInterval(0, totalCount)',
      eventDim: 0,
      isContinuous: false,
      check: (x: Tensor) =>
        tf.tidy(() => tf.logicalAnd(nonnegativeInteger.check(x), tf.lessEqual(tf.cast(x, 'float32'), count))),
    };
    this.checkParameters(Binomial.parameterProperties, { totalCount: n, ...given });
  }

  /** `{ totalCount }` and the parameter given: `probs` or `logits`. */
  get parameters(): Readonly<Record<string, Tensor>> {
    return { totalCount: this.totalCount, ...this.given };
  }

  /** Success probabilities. */
  get probs(): Tensor {
    return 'probs' in this.given ? this.given.probs : tf.sigmoid(this.given.logits);
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    if (this.maxCount === undefined) this.maxCount = tf.tidy(() => tf.max(this.totalCount).dataSync()[0] as number);
    const shape = this.drawShape(sampleShape);
    const p = this.probs;
    let total: Tensor = tf.zeros(shape);
    for (let start = 0, round = 0; start < this.maxCount; start += CHUNK, round++) {
      const m = Math.min(CHUNK, this.maxCount - start);
      const u = uniformOpen([m, ...shape], mixSeed(seed, round));
      // Trial start + i counts only where it is below the member's n.
      const index = tf.reshape(tf.range(start, start + m), [m, ...shape.map(() => 1)]);
      const live = tf.less(index, this.totalCount);
      total = tf.add(total, tf.sum(tf.cast(tf.logicalAnd(tf.less(u, p), live), 'float32'), 0));
    }
    return total;
  }

  protected override computeLogProb(value: Tensor): Tensor {
    const n = this.totalCount;
    const comb = tf.sub(lgamma(tf.add(n, 1)), tf.add(lgamma(tf.add(value, 1)), lgamma(tf.add(tf.sub(n, value), 1))));
    if ('logits' in this.given) {
      const l = this.given.logits;
      return tf.add(comb, tf.sub(tf.mul(value, l), tf.mul(n, tf.softplus(l))));
    }
    const p = this.given.probs;
    return tf.add(comb, tf.add(xlogy(value, p), xlogy(tf.sub(n, value), tf.sub(1, p))));
  }

  override mean(): Tensor {
    return tf.tidy(() => this.batched(tf.mul(this.totalCount, this.probs)));
  }
  override variance(): Tensor {
    return tf.tidy(() => {
      const p = this.probs;
      return this.batched(tf.mul(tf.mul(this.totalCount, p), tf.sub(1, p)));
    });
  }
  /** ⌊(n + 1) p⌋, capped at n. */
  override mode(): Tensor {
    return tf.tidy(() => this.batched(tf.minimum(tf.floor(tf.mul(tf.add(this.totalCount, 1), this.probs)), this.totalCount)));
  }
}
