/**
 * Reinterpreting batch dimensions as event dimensions.
 *
 * @module
 */
import { ArgumentError, tf } from '@aevb/core';
import type { Constraint, Tensor } from '@aevb/core';
import { independent } from './constraints.js';
import type { DistConstraint } from './constraints.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions, SampleWithLogProb } from './distribution.js';
import { showShape } from './internal/shapes.js';

/**
 * Treats the rightmost `reinterpretedBatchDims` batch dimensions of `base` as event
 * dimensions: `logProb` sums the base's log-densities over them. This turns, e.g., a
 * batch of `D` univariate normals into one diagonal-covariance normal over `R^D`, the
 * form an SGVB posterior `q(z|x)` takes.
 *
 * Math:
 * ```text
 * log p(x) = Σ over the reinterpreted dims of log p_base(x)
 * batchShape = base.batchShape[:−n], eventShape = base.batchShape[−n:] ++ base.eventShape
 * ```
 *
 * @example
 * ```ts
 * const q = new Independent(new Normal(mu, sigma), 1); // mu, sigma: [batch, 20]
 * q.batchShape; // [batch]; q.eventShape: [20]
 * ```
 * @category Families
 */
export class Independent<V extends Tensor = Tensor> extends DistributionBase<V> {
  /** `Independent(<base family>, n)`. */
  readonly family: string;
  /** The base support with `n` more event dimensions. */
  readonly support: Constraint;
  /** The base's. */
  readonly hasRsample: boolean;

  /**
   * @param base - the distribution whose batch dimensions are reinterpreted
   * @param reinterpretedBatchDims - how many rightmost batch dimensions become event dimensions
   * @param options - validation (defaults to the base's setting)
   */
  constructor(
    readonly base: DistributionBase<V>,
    readonly reinterpretedBatchDims: number,
    options: DistributionOptions = {},
  ) {
    const n = reinterpretedBatchDims;
    if (!Number.isInteger(n) || n < 0 || n > base.batchShape.length) {
      throw new ArgumentError(
        'Independent',
        'reinterpretedBatchDims',
        `must be an integer in [0, ${base.batchShape.length}] for base batch shape ${showShape(base.batchShape)}, got ${n}`,
      );
    }
    const split = base.batchShape.length - n;
    super(base.batchShape.slice(0, split), [...base.batchShape.slice(split), ...base.eventShape], {
      validateArgs: options.validateArgs ?? base.validateArgs,
    });
    this.family = `Independent(${base.family}, ${n})`;
    this.hasRsample = base.hasRsample;
    this.support = 'spec' in base.support ? independent(base.support as DistConstraint, n) : base.support;
  }

  /** The base's parameters. */
  get parameters(): Readonly<Record<string, Tensor>> {
    return this.base.parameters;
  }


  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    const count = sampleShape.reduce((a, b) => a * b, 1);
    const opts = { seed };
    if (sampleShape.length === 0) return this.hasRsample ? this.base.rsample(opts) : this.base.sample(opts);
    const flat = this.hasRsample ? this.base.rsampleN(count, opts) : this.base.sampleN(count, opts);
    return tf.reshape(flat, [...sampleShape, ...flat.shape.slice(1)]);
  }

  protected override drawWithLogProb(sampleShape: readonly number[], seed: number): SampleWithLogProb {
    if (sampleShape.length > 0) return super.drawWithLogProb(sampleShape, seed);
    const { value, logProb } = this.base.sampleAndLogProb({ seed });
    return { value, logProb: this.reduce(logProb) };
  }

  /**
   * False: the base's `logProb` already masks (or, like Bernoulli on grey levels, deliberately
   * does not mask) values outside its support; masking again here would override the base's
   * choice and repeat the support check over every element.
   */
  protected override get masksOutsideSupport(): boolean {
    return false;
  }

  protected override computeLogProb(value: Tensor): Tensor {
    // The value was checked against this distribution's support (the base's, blockwise).
    return this.reduce(DistributionBase.logProbUnchecked(this.base, value));
  }

  /** Expands the base, keeping the reinterpreted dimensions in the event. */
  override expand(batchShape: readonly number[]): Independent<V> {
    const n = this.reinterpretedBatchDims;
    const kept = this.base.batchShape.slice(this.base.batchShape.length - n);
    return new Independent(this.base.expand([...batchShape, ...kept]), n, { validateArgs: this.validateArgs });
  }

  override mean(): Tensor {
    return this.base.mean();
  }
  override variance(): Tensor {
    return this.base.variance();
  }
  override mode(): Tensor {
    return this.base.mode();
  }
  override entropy(): Tensor {
    return tf.tidy(() => this.reduce(this.base.entropy()));
  }

  /** Sums over the reinterpreted (rightmost) dimensions of a batch-shaped tensor. */
  private reduce(x: Tensor): Tensor {
    const n = this.reinterpretedBatchDims;
    if (n === 0) return x;
    return tf.sum(x, Array.from({ length: n }, (_, i) => x.rank - n + i));
  }
}
