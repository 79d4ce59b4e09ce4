/**
 * Stochastic variational inference: one object holding a model, a guide, their parameters,
 * an objective and an optimizer; `step` takes one stochastic gradient step.
 *
 * @module
 */
import {
  AevbError,
  initBackend,
  ParamStore,
  params,
  seed as seedHandler,
  subsample,
  tf,
  trace,
  withValidation,
  type Guide,
  type LatentSpec,
  type Model,
  type Runnable,
  type Tensor,
} from '@aevb/core';
import { analyticKlElbo } from '../objectives/analytic-kl.js';
import type { Objective } from '../objectives/objective.js';
import type { Optimizer } from '../optim/types.js';
import { Adam } from '../optim/adam.js';
import { diagnoseNonFinite } from './diagnose.js';
import { checkFinite, type Batch } from './data.js';

/** Options of {@link SVI}. @category Fitting */
export interface SVIOptions<L extends LatentSpec, D extends Batch> {
  /** The generative model p_θ(x, z); takes one batch argument. */
  readonly model: Model<L, readonly [D], unknown>;
  /** The guide q_φ(z | x) over the same latents. */
  readonly guide: Guide<L, readonly [D]>;
  /** Update rule. Default Adam(1e-3). */
  readonly optimizer?: Optimizer;
  /** Bound to maximize. Default {@link analyticKlElbo} (estimator B with per-site fallback). */
  readonly objective?: Objective;
  /** Seed of every draw (model, guide, parameter initialization, data order). Default 0. */
  readonly seed?: number;
  /** Parameter store (default: a new one owned by this SVI). */
  readonly params?: ParamStore;
  /** The data plate that minibatches subsample. Default `'data'`. */
  readonly plate?: string;
  /** Consecutive non-finite steps tolerated before fitting stops with an error. Default 10. */
  readonly maxBadSteps?: number;
}

/** Result of one {@link SVI.step}. @category Fitting */
export interface StepResult {
  /** The bound per datapoint (nats), full-data estimate ÷ N. NaN if the step was rejected. */
  readonly elbo: number;
  /** Whether the update was applied (false when loss or gradients were non-finite). */
  readonly accepted: boolean;
}

/**
 * Raised when fitting meets too many consecutive non-finite steps. Names the first site whose
 * log-density or gradient went non-finite; parameters are at their last finite values.
 *
 * @category Fitting
 */
export class NonFiniteError extends AevbError {
  override readonly name: string = 'NonFiniteError';
  /** The first site found non-finite, if any. */
  readonly site: string | undefined;
  /** @param message - what happened @param site - the site at fault */
  constructor(message: string, site: string | undefined) {
    super(message);
    this.site = site;
  }
}

/**
 * Stochastic variational inference with any {@link Objective}: the AEVB algorithm when the
 * guide is amortized (`autoAmortized`), plain SVI otherwise.
 *
 * @example
 * ```ts
 * const svi = new SVI({ model, guide: autoAmortized(model), optimizer: new Adam({ learningRate: 1e-3 }) });
 * const history = await fit(svi, { data: xTrain, batchSize: 100, epochs: 10 });
 * ```
 * @category Fitting
 */
export class SVI<L extends LatentSpec, D extends Batch> {
  /** The parameters θ and φ (unconstrained variables). */
  readonly params: ParamStore;
  /** The update rule. */
  readonly optimizer: Optimizer;
  /** The bound. */
  readonly objective: Objective;
  /** The data plate. */
  readonly plate: string;
  /** Steps applied so far. */
  stepCount = 0;
  /** Steps rejected as non-finite so far. */
  rejectedSteps = 0;
  /** Consecutive steps rejected as non-finite (0 after an accepted step); part of a checkpoint. */
  consecutiveBad = 0;
  private readonly maxBadSteps: number;
  private readonly seededModel: Runnable<readonly [D], unknown> & { readonly name: string };
  private readonly seededGuide: Runnable<readonly [D], unknown> & { readonly name: string };
  /** Seed streams of the model and guide (positions are part of a checkpoint). */
  readonly seeds: { readonly model: { position: number; seek(p: number): void }; readonly guide: { position: number; seek(p: number): void } };

  /** @param options - model, guide, optimizer, objective, seed */
  constructor(readonly options: SVIOptions<L, D>) {
    this.params = options.params ?? new ParamStore();
    this.optimizer = options.optimizer ?? new Adam({ learningRate: 1e-3 });
    this.objective = options.objective ?? analyticKlElbo();
    this.plate = options.plate ?? 'data';
    this.maxBadSteps = options.maxBadSteps ?? 10;
    const s = options.seed ?? 0;
    const m = seedHandler(options.model, s * 2 + 1);
    const g = seedHandler(options.guide, s * 2 + 2);
    this.seededModel = m;
    this.seededGuide = g;
    this.seeds = { model: m.seeds, guide: g.seeds };
  }

  /** Model and guide bound to this SVI's parameters, subsampling plate `plate` from `dataSize` datapoints. */
  bound(dataSize: number | undefined): { model: Runnable<readonly [D], unknown>; guide: Runnable<readonly [D], unknown> } {
    const sub = <F extends Runnable<never, unknown>>(f: F): F => (dataSize === undefined ? f : subsample(f, { [this.plate]: dataSize }));
    return { model: params(sub(this.seededModel), this.params), guide: params(sub(this.seededGuide), this.params) };
  }

  /**
   * One stochastic gradient step on `batch`, a minibatch of a data set of `dataSize`
   * datapoints (default: the batch is the whole data set). Rejects (does not apply) a step
   * whose bound or gradients are non-finite.
   */
  async step(batch: D, dataSize?: number): Promise<StepResult> {
    // First use chooses the backend and registers gradients (a no-op afterwards).
    if (this.stepCount === 0 && this.rejectedSteps === 0) await initBackend();
    const { model, guide } = this.bound(dataSize);
    const n = dataSize ?? 1;
    if (this.params.size === 0) {
      // First run creates the parameters (their shapes come from the data). The model runs
      // alone first so its parameters draw their initial values from this SVI's seed (an
      // automatic guide's hidden prototype run of the model would otherwise create them
      // with unseeded draws, and the same seed would not reproduce the run).
      withValidation(false, () =>
        tf.tidy(() => {
          trace(model).getTrace(batch);
          void this.objective.evaluate(model, guide, [batch] as const);
        }),
      );
    }
    const vars = this.params.variables();
    let bound: Tensor | undefined;
    const { value, grads } = withValidation(false, () =>
      tf.variableGrads(() => {
        const r = this.objective.evaluate(model, guide, [batch] as const);
        bound = tf.keep(r.bound);
        return tf.div(tf.neg(r.surrogate), n) as tf.Scalar;
      }, Object.values(vars)),
    );
    const byName: Record<string, Tensor> = {};
    const idToName = new Map(Object.entries(vars).map(([k, v]) => [v.name, k]));
    for (const [vn, g] of Object.entries(grads)) byName[idToName.get(vn) ?? vn] = g;
    // One read-back per step: [bound, Σ of all gradient entries]. The sum is non-finite iff some
    // entry is NaN/±∞ (or finite entries overflow float32, which deserves rejection too); unlike
    // Σ g² it needs no squaring pass over every gradient (one kernel per variable fewer).
    const check = tf.tidy(() => {
      const sums = Object.values(grads).map((g) => tf.sum(g));
      const total = sums.length === 0 ? tf.scalar(0) : sums.length === 1 ? (sums[0] as Tensor) : tf.addN(sums);
      return tf.stack([bound as Tensor, total]);
    });
    const [b, gsum] = Array.from(await check.data());
    check.dispose();
    value.dispose();
    bound?.dispose();
    const ok = Number.isFinite(b) && Number.isFinite(gsum);
    if (ok) {
      this.optimizer.apply(vars, byName);
      this.stepCount++;
      this.consecutiveBad = 0;
      this.objective.update?.(b as number);
    } else {
      this.rejectedSteps++;
      this.consecutiveBad++;
    }
    for (const g of Object.values(grads)) g.dispose();
    if (!ok && this.consecutiveBad >= this.maxBadSteps) {
      // Non-finite data is the commonest cause: name it before the site it poisons.
      let dataProblem = '';
      try {
        checkFinite(batch, 'the minibatch');
      } catch (e) {
        dataProblem = `; ${(e as Error).message}`;
      }
      const site = diagnoseNonFinite(model, guide, batch);
      throw new NonFiniteError(
        `${this.consecutiveBad} consecutive steps had a non-finite bound or gradient${dataProblem}` +
          (site === undefined ? '' : `; the first non-finite site is '${site}'`) +
          '; parameters are at their last finite values',
        site,
      );
    }
    return { elbo: ok ? (b as number) / n : NaN, accepted: ok };
  }

  /**
   * The bound per datapoint on `batch` without updating anything (averaged over `passes`
   * independent evaluations).
   */
  async evaluate(batch: D, passes = 1): Promise<number> {
    const { model, guide } = this.bound(undefined);
    let total = 0;
    for (let i = 0; i < passes; i++) {
      const t = withValidation(false, () => tf.tidy(() => this.objective.evaluate(model, guide, [batch] as const).bound));
      total += (await t.data())[0] as number;
      t.dispose();
    }
    const size = batch instanceof tf.Tensor ? batch.shape[0] : (Object.values(batch)[0]?.shape[0] ?? 1);
    return total / passes / (size ?? 1);
  }
}
