/**
 * Stochastic variational inference: one object holding a model, a guide, their parameters,
 * an objective and an optimizer; `init` creates the parameters, `step` takes one stochastic
 * gradient step.
 *
 * @module
 */
import { ArgumentError, initBackend, tf, type Guide, type LatentSpec, type Model, type ParamStore, type Tensor } from '@aevb/core';
import { analyticKlElbo } from '../objectives/analytic-kl.js';
import type { Objective } from '../objectives/objective.js';
import type { Optimizer } from '../optim/types.js';
import { Adam } from '../optim/adam.js';
import { explainNonFinite } from './diagnose.js';
import { datasetSize, type Batch } from './data.js';
import type { DataPlan } from './data-plan.js';
import { StepEngine, type BoundPair, type StepCounters } from './engine.js';
import type { Minibatch } from './minibatch.js';

export { NonFiniteError } from './engine.js';

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
  /**
   * The plate the data's rows run through (minibatches subsample it). Default: found from the
   * first run, as the plate over the first axis of the observed data.
   */
  readonly plate?: string;
  /** Consecutive non-finite steps tolerated before fitting stops with an error. Default 10. */
  readonly maxBadSteps?: number;
}

/** Result of one {@link SVI.step}. @category Fitting */
export interface StepResult {
  /** The bound per datapoint (nats): the full-data estimate ÷ N. NaN if the step was rejected. */
  readonly elbo: number;
  /** Whether the update was applied (false when loss or gradients were non-finite). */
  readonly accepted: boolean;
}

/**
 * The fitting state of an SVI: plain, serializable values (a checkpoint stores them).
 *
 * @category Fitting
 */
export interface SVIState {
  /** What the first run found of the data: data plate, per-member parameters, local latents. */
  readonly plan: DataPlan;
  /** Accepted, rejected and consecutive rejected steps. */
  readonly counters: Readonly<StepCounters>;
  /** Positions of the model's and the guide's seed streams. */
  readonly seeds: { readonly model: number; readonly guide: number };
}

/**
 * Stochastic variational inference with any {@link Objective}: the AEVB algorithm when the
 * guide is amortized (`autoAmortized`), plain SVI otherwise.
 *
 * A step on a minibatch of M of the data set's N rows scales the data plate's log-densities by
 * N/M and, with the rows' positions, gathers the rows' per-member guide parameters
 * (`svi.step(batch, { dataSize: N, indices })`; `fit` does this). The bound is reported per
 * datapoint.
 *
 * @example
 * ```ts
 * const svi = new SVI({ model, guide: autoAmortized(model), optimizer: new Adam({ learningRate: 1e-3 }) });
 * const history = await fit(svi, { data: xTrain, batchSize: 100, epochs: 10 });
 * ```
 * @category Fitting
 */
export class SVI<L extends LatentSpec, D extends Batch> {
  /** The update rule. */
  readonly optimizer: Optimizer;
  /** The bound. */
  readonly objective: Objective;
  /** The shared step machinery (parameters, seeds, counters, data plan). @internal */
  readonly engine: StepEngine<D>;

  /** @param options - model, guide, optimizer, objective, seed */
  constructor(readonly options: SVIOptions<L, D>) {
    this.optimizer = options.optimizer ?? new Adam({ learningRate: 1e-3 });
    this.objective = options.objective ?? analyticKlElbo();
    this.engine = new StepEngine<D>({
      model: options.model,
      guide: options.guide,
      params: options.params,
      seed: options.seed ?? 0,
      plate: options.plate,
      maxBadSteps: options.maxBadSteps ?? 10,
    });
  }

  /** The parameters θ and φ (unconstrained variables). */
  get params(): ParamStore {
    return this.engine.params;
  }

  /** The data plate (known after the first run; before it, the `plate` option). */
  get plate(): string | undefined {
    return this.engine.plan?.plate ?? this.options.plate;
  }

  /** The fitting state, or `undefined` before {@link SVI.init}. */
  get state(): SVIState | undefined {
    const plan = this.engine.plan;
    if (plan === undefined) return undefined;
    return { plan, counters: { ...this.engine.counters }, seeds: { model: this.seeds.model.position, guide: this.seeds.guide.position } };
  }

  /** Steps applied so far. */
  get stepCount(): number {
    return this.engine.counters.accepted;
  }
  set stepCount(v: number) {
    this.engine.counters.accepted = v;
  }
  /** Steps rejected as non-finite so far. */
  get rejectedSteps(): number {
    return this.engine.counters.rejected;
  }
  set rejectedSteps(v: number) {
    this.engine.counters.rejected = v;
  }
  /** Consecutive steps rejected as non-finite (0 after an accepted step). */
  get consecutiveBad(): number {
    return this.engine.counters.consecutiveRejected;
  }
  set consecutiveBad(v: number) {
    this.engine.counters.consecutiveRejected = v;
  }
  /** Seed streams of the model and guide (positions are part of a checkpoint). */
  get seeds(): { readonly model: { position: number; seek(p: number): void }; readonly guide: { position: number; seek(p: number): void } } {
    return this.engine.seeds;
  }

  /**
   * Creates the parameters (their shapes come from the data) and derives the data plan from one
   * run of the model and the guide on `batch`, a minibatch described by `minibatch` (default:
   * the whole data set). Draws no randomness from the fit's streams. Called by the first
   * `step`, `evaluate` or `fit`; call it yourself to create the parameters early. Refuses, with
   * an error naming the site, a model and guide that do not fit together.
   */
  async init(batch: D, minibatch?: number | Minibatch): Promise<SVIState> {
    await initBackend();
    this.engine.init(batch, toMinibatch(minibatch));
    return this.state as SVIState;
  }

  /**
   * Records the data set that per-member parameters describe (`fit` calls it with its data);
   * evaluation of other data with such parameters is then refused. @internal
   */
  bindData(data: D): void {
    this.engine.setFittedData(data);
  }

  /**
   * The model and guide bound to this SVI's parameters for a run on `batch` (a minibatch
   * described by `minibatch`), validation off. Dispose the pair after use. @internal
   */
  bind(batch: D, minibatch?: Minibatch): BoundPair<D> {
    return this.engine.bind(batch, minibatch);
  }

  /**
   * One stochastic gradient step on `batch`, a minibatch of a data set: `minibatch` gives the
   * data set's size N and the batch's row positions (a bare number is N without positions;
   * default: the batch is the whole data set, in order). Rejects (does not apply) a step whose
   * bound or gradients are non-finite.
   */
  async step(batch: D, minibatch?: number | Minibatch): Promise<StepResult> {
    const mb = toMinibatch(minibatch);
    await this.init(batch, mb);
    const n = mb?.dataSize ?? datasetSize(batch);
    if (mb === undefined) this.engine.setFittedData(batch);
    const pair = this.engine.bind(batch, mb);
    try {
      const vars = this.engine.variables();
      let bound: Tensor | undefined;
      const { value, grads } = this.engine.gradients(vars, () => {
        const r = this.objective.evaluate(pair.model, pair.guide, [batch] as const);
        bound = tf.keep(r.bound);
        return tf.div(tf.neg(r.surrogate), n) as tf.Scalar;
      });
      value.dispose();
      const { values, accepted } = await this.engine.update(
        [bound as Tensor],
        grads,
        () => this.optimizer.apply(vars, grads),
        () => explainNonFinite(this.engine, batch, mb),
      );
      const b = values[0] as number;
      if (accepted) this.objective.update?.(b);
      return { elbo: accepted ? b / n : NaN, accepted };
    } finally {
      pair.dispose();
    }
  }

  /**
   * The bound per datapoint on `batch` without updating anything, averaged over `passes`
   * independent evaluations: the estimate of the whole data set's bound divided by its size N.
   * By default `batch` is the whole data set; with `minibatch` it holds rows of a data set of N
   * rows (`evaluateBound` evaluates a data set in minibatches this way, charging global
   * latents once). `of` is the data set the rows come from, when it matters (per-member
   * parameters can evaluate only the data they were fitted on).
   */
  async evaluate(batch: D, passes = 1, minibatch?: Minibatch, of?: D): Promise<number> {
    if (!Number.isInteger(passes) || passes < 1) throw new ArgumentError('SVI.evaluate', 'passes', `must be a positive integer, got ${passes}`);
    await this.init(batch, minibatch);
    this.engine.checkEvaluable(of ?? batch, 'SVI.evaluate');
    const n = minibatch?.dataSize ?? datasetSize(batch);
    const pair = this.engine.bind(batch, minibatch);
    try {
      let total = 0;
      for (let i = 0; i < passes; i++) {
        const t = tf.tidy(() => this.objective.evaluate(pair.model, pair.guide, [batch] as const).bound);
        total += (await t.data())[0] as number;
        t.dispose();
      }
      return total / passes / n;
    } finally {
      pair.dispose();
    }
  }
}

/** A bare data-set size or a minibatch description, as a {@link Minibatch}. @internal */
export function toMinibatch(m: number | Minibatch | undefined): Minibatch | undefined {
  return typeof m === 'number' ? { dataSize: m } : m;
}
