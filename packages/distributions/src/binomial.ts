/**
 * The binomial distribution.
 *
 * @module
 */
import { ArgumentError, tf } from '@aevb/core';
import type { Constraint, Tensor } from '@aevb/core';
import { nonnegativeInteger, real, unitInterval } from './constraints.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions } from './distribution.js';
import { toFloat } from './internal/convert.js';
import type { TensorInput } from './internal/convert.js';
import { givenTensor, probsOrLogits } from './internal/probs-or-logits.js';
import type { GivenProbsOrLogits, ProbsOrLogits } from './internal/probs-or-logits.js';
import { sampleBinomial } from './internal/binomial-sampler.js';
import { broadcastShapes } from './internal/shapes.js';
import { lgamma, lgammaCorrection, log1pAccurate, log1pmx } from './internal/special.js';
import type { ParameterTable } from './parameters.js';

/**
 * The parameters of a {@link Binomial}: `totalCount` n (a nonnegative integer, default 1) and
 * exactly one of `probs` and `logits`.
 *
 * @category Families
 */
export type BinomialParams = ProbsOrLogits & { readonly totalCount?: TensorInput };

/**
 * Binomial distribution: successes `k ∈ {0, …, n}` (float32) in `totalCount` n trials with
 * success probability `probs` (or log-odds `logits`). Sampled by inversion when n·min(p, 1 − p) < 10
 * and by Hörmann's BTRS rejection above, vectorized with fixed step counts (no reads back; cost
 * independent of n); not reparameterized. The entropy has no closed form (throws).
 *
 * Math:
 * ```text
 * log p(k) = lgamma(n + 1) − lgamma(k + 1) − lgamma(n − k + 1) + k log p + (n − k) log(1 − p)
 *   (evaluated in Loader's saddle-point form, accurate in float32 for large n)
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
  /** n when given as a plain number (lets rules compare counts without reading tensors). */
  readonly totalCountNumber: number | undefined;
  private readonly given: GivenProbsOrLogits;

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
    if (typeof raw === 'number' && (!Number.isInteger(raw) || raw < 0)) {
      throw new ArgumentError('Binomial', 'totalCount', `must be a nonnegative integer, got ${raw}`);
    }
    this.totalCountNumber = typeof raw === 'number' ? raw : undefined;
    const count = n;
    this.support = {
      name: 'integerInterval(0, totalCount)',
      spec: { kind: 'dependent' },
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
    return sampleBinomial(this.totalCount, this.probs, this.drawShape(sampleShape), seed);
  }

  /**
   * Loader's saddle-point form (no float32 cancellation between lgamma terms of size n log n):
   * for 0 < k < n, log p(k) = S(n) − S(k) − S(n − k) − bd0(k, np) − bd0(n − k, nq) + ½ log(n/(2π k (n − k))),
   * S the Stirling error, bd0(x, M) = x log(x/M) + M − x = M h(x/M − 1), h(t) = log1pmx(t) + t log1p(t);
   * at k = 0 and k = n, n log q and n log p.
   */
  protected override computeLogProb(value: Tensor): Tensor {
    const n = tf.add(this.totalCount, tf.zerosLike(value));
    const k = tf.add(value, tf.zerosLike(this.totalCount));
    const [logP, logQ, p, q] =
      'logits' in this.given
        ? [tf.neg(tf.softplus(tf.neg(this.given.logits))), tf.neg(tf.softplus(this.given.logits)), tf.sigmoid(this.given.logits), tf.sigmoid(tf.neg(this.given.logits))]
        : [tf.log(this.given.probs), log1pAccurate(tf.neg(this.given.probs)), this.given.probs, tf.sub(1, this.given.probs)];
    const interior = tf.logicalAnd(tf.greater(k, 0), tf.less(k, n));
    const one = tf.onesLike(k);
    const ki = tf.where(interior, k, one);
    const ni = tf.where(interior, n, tf.add(one, one));
    const mp = tf.mul(ni, p);
    const mq = tf.mul(ni, q);
    const bd0 = (x: Tensor, m: Tensor): Tensor => {
      const t = tf.div(tf.sub(x, m), m);
      return tf.mul(m, tf.add(log1pmx(t), tf.mul(t, log1pAccurate(t))));
    };
    const nk = tf.sub(ni, ki);
    const main = tf.sub(
      tf.sub(stirlingError(ni), tf.add(stirlingError(ki), stirlingError(nk))),
      tf.add(bd0(ki, mp), bd0(nk, mq)),
    );
    const lp = tf.add(main, tf.mul(0.5, tf.sub(tf.log(ni), tf.log(tf.mul(tf.mul(ki, nk), 2 * Math.PI)))));
    // p = 0 or 1 puts no mass inside; the edges score n log q, n log p (0 · log 0 = 0).
    const degenerate = tf.logicalOr(tf.equal(p, 0), tf.equal(q, 0));
    const inside = tf.where(degenerate, tf.fill(lp.shape, -Infinity), lp);
    const edge = tf.where(tf.equal(k, 0), xlogyLog(n, logQ), xlogyLog(n, logP));
    return tf.where(interior, inside, edge);
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

/** x · logY with 0 · (−∞) = 0. */
function xlogyLog(x: Tensor, logY: Tensor): Tensor {
  const prod = tf.mul(x, logY);
  return tf.where(tf.equal(x, 0), tf.zerosLike(prod), prod);
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** Stirling error S(x) = lgamma(x + 1) − (x + ½) log x + x − ½ log 2π for x ≥ 1 (series for x ≥ 8). */
function stirlingError(x: Tensor): Tensor {
  const big = tf.greaterEqual(x, 8);
  const xs = tf.where(big, tf.onesLike(x), x);
  const direct = tf.add(tf.sub(tf.sub(lgamma(tf.add(xs, 1)), tf.mul(tf.add(xs, 0.5), tf.log(xs))), HALF_LOG_2PI), xs);
  return tf.where(big, lgammaCorrection(tf.maximum(x, 8)), direct);
}
