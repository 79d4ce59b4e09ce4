/**
 * TransformedDistribution: a base distribution pushed through a chain of bijections.
 *
 * @module
 */
import { ArgumentError, tf } from '@aevb/core';
import type { Constraint, Tensor, Transform } from '@aevb/core';
import { real } from './constraints.js';
import { DistributionBase } from './distribution.js';
import type { DistributionOptions } from './distribution.js';

/** Options of {@link TransformedDistribution}. @category Families */
export interface TransformedOptions extends DistributionOptions {
  /** The support of the result (the last transform's image). Default the reals. */
  readonly support?: Constraint;
}

function sumRightmost(x: Tensor, n: number): Tensor {
  return n <= 0 ? x : tf.sum(x, Array.from({ length: n }, (_, i) => x.rank - 1 - i));
}

/**
 * `Y = f_k ∘ … ∘ f_1 (X)` with `X ~ base`:
 *
 * ```text
 * log p_Y(y) = log p_X(x) − Σ_i log |det J_{f_i}(x_{i−1})|,   x = f⁻¹(y)
 * ```
 *
 * Reparameterized when the base is. Scoring inverts the chain (draws are made inside the
 * base class's tidy scope, so a cached pre-image would not outlive the draw).
 *
 * @example
 * ```ts
 * const logNormal = new TransformedDistribution(new Normal(0, 1), [new ExpBijector()], { support: positive });
 * ```
 * @category Families
 */
export class TransformedDistribution extends DistributionBase<Tensor> {
  /** `Transformed(<base>, <t1>∘…)`. */
  readonly family: string;
  /** As given (default the reals). */
  readonly support: Constraint;
  /** The base's. */
  readonly hasRsample: boolean;

  /**
   * @param base - distribution of X
   * @param transforms - applied in order (f_1 first)
   * @param options - support of the result, validation
   */
  constructor(
    readonly base: DistributionBase<Tensor>,
    readonly transforms: readonly Transform[],
    options: TransformedOptions = {},
  ) {
    const maxDim = transforms.reduce((m, t) => Math.max(m, t.eventDim), 0);
    if (maxDim > base.eventShape.length + base.batchShape.length) {
      throw new ArgumentError('TransformedDistribution', 'transforms', `need ${maxDim} event dimensions; the base has shape [${[...base.batchShape, ...base.eventShape].join(', ')}]`);
    }
    const extra = Math.max(0, maxDim - base.eventShape.length);
    // The value's shape: the base's, through every transform that changes it (stick breaking).
    const full = transforms.reduce<number[]>((shape, t) => (t.forwardShape === undefined ? shape : t.forwardShape(shape)), [...base.batchShape, ...base.eventShape]);
    const ev = base.eventShape.length + extra;
    super(full.slice(0, full.length - ev), full.slice(full.length - ev), { validateArgs: options.validateArgs ?? base.validateArgs });
    this.family = `Transformed(${base.family}, ${transforms.map((t) => t.name).join('∘') || 'identity'})`;
    this.hasRsample = base.hasRsample;
    this.support = options.support ?? real;
  }

  /** The base's parameters. */
  get parameters(): Readonly<Record<string, Tensor>> {
    return this.base.parameters;
  }

  /**
   * The same transformed family over a larger batch shape: the base is expanded (its own
   * dimensions that the transforms consume stay as they are), so draws have the new shape.
   */
  override expand(batchShape: readonly number[]): TransformedDistribution {
    const consumed = this.eventShape.length - this.base.eventShape.length;
    const own = this.base.batchShape.slice(this.base.batchShape.length - consumed);
    return new TransformedDistribution(this.base.expand([...batchShape, ...own]), this.transforms, { support: this.support, validateArgs: this.validateArgs });
  }

  protected override draw(sampleShape: readonly number[], seed: number): Tensor {
    const n = sampleShape.reduce((a, b) => a * b, 1);
    let x: Tensor;
    if (sampleShape.length === 0) x = this.hasRsample ? this.base.rsample({ seed }) : this.base.sample({ seed });
    else {
      const flat = this.hasRsample ? this.base.rsampleN(n, { seed }) : this.base.sampleN(n, { seed });
      x = tf.reshape(flat, [...sampleShape, ...flat.shape.slice(1)]);
    }
    let y = x;
    for (const t of this.transforms) y = t.forward(y);
    return y;
  }

  /** Σ log|det J| along the chain starting from x (reduced to the batch shape). */
  private logDet(x: Tensor): Tensor {
    const ev = this.eventShape.length;
    let total: Tensor | undefined;
    let cur = x;
    for (const t of this.transforms) {
      const ld = sumRightmost(t.forwardLogDetJacobian(cur), ev - t.eventDim);
      total = total === undefined ? ld : tf.add(total, ld);
      cur = t.forward(cur);
    }
    return total ?? tf.zeros(x.shape.slice(0, x.rank - ev));
  }

  protected override computeLogProb(y: Tensor): Tensor {
    let x = y;
    for (let i = this.transforms.length - 1; i >= 0; i--) x = (this.transforms[i] as Transform).inverse(x);
    const extra = this.eventShape.length - this.base.eventShape.length;
    const baseLp = sumRightmost(this.base.logProb(x), extra);
    return tf.sub(baseLp, this.logDet(x));
  }
}
