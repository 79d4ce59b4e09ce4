/**
 * The wake-sleep algorithm (Hinton, Dayan, Frey & Neal 1995), the baseline of the AEVB paper's
 * Figure 2, generic over models written in the DSL with a recognition model (any guide).
 *
 * @module
 */
import {
  latentSites,
  ModelError,
  logProbSum,
  params,
  replay,
  scaleAndSum,
  seed as seedHandler,
  siteLogProb,
  subsample,
  tf,
  trace,
  uncondition,
  withValidation,
  ParamStore,
  type Guide,
  type LatentSpec,
  type Model,
  type Runnable,
  type Tensor,
  type Trace,
} from '@aevb/core';
import { checkParticle } from '../objectives/particle.js';
import { analyticKlElbo } from '../objectives/analytic-kl.js';
import type { Objective } from '../objectives/objective.js';
import type { Optimizer } from '../optim/types.js';
import { Adam } from '../optim/adam.js';
import { datasetSize, type Batch } from '../fit/data.js';
import { NonFiniteError, SVI } from '../fit/svi.js';
import { dataSlots, fantasyBatch, splitParameters, type DataSlot, type ParameterSplit } from './split.js';

/** Options of {@link WakeSleep}. @category Wake-sleep */
export interface WakeSleepOptions<L extends LatentSpec, D extends Batch> {
  /** The generative model p_θ(x, z); takes one batch argument. */
  readonly model: Model<L, readonly [D], unknown>;
  /** The recognition model q_φ(z | x) over the same latents (e.g. `autoAmortized(model)`). */
  readonly guide: Guide<L, readonly [D]>;
  /** Update rule of θ (wake phase). Default Adam(1e-3). */
  readonly optimizer?: Optimizer;
  /** Update rule of φ (sleep phase). Default: `optimizer` (one update of θ ∪ φ per step). */
  readonly recognitionOptimizer?: Optimizer;
  /** Seed of every draw (model, guide, fantasies, parameter initialization). Default 0. */
  readonly seed?: number;
  /** Parameter store (default: a new one owned by this object). */
  readonly params?: ParamStore;
  /** The data plate that minibatches subsample. Default `'data'`. */
  readonly plate?: string;
  /** Bound reported by {@link WakeSleep.evaluate}. Default {@link analyticKlElbo}. */
  readonly objective?: Objective;
  /**
   * Builds the recognition model's input from fantasy values of the observed sites (default:
   * each observed site's data is the batch or one of its properties and is replaced).
   */
  readonly fantasy?: (values: Readonly<Record<string, Tensor>>, batch: D) => D;
  /** Consecutive non-finite steps tolerated before stepping throws. Default 10. */
  readonly maxBadSteps?: number;
}

/** Result of one {@link WakeSleep.step}; every number is per datapoint (nats). @category Wake-sleep */
export interface WakeSleepStepResult {
  /** The wake pass's one-sample ELBO estimate log p(x, z) − log q(z | x), z ~ q(z | x). */
  readonly elbo: number;
  /** The wake objective log p_θ(x, z), z ~ q(z | x), before the update. */
  readonly wake: number;
  /** The sleep objective log q_φ(z | x̃) on fantasies (z, x̃) ~ p_θ, before the update. */
  readonly sleep: number;
  /** Whether the update was applied (false when an objective or a gradient was non-finite). */
  readonly accepted: boolean;
}

type Bound<D> = Runnable<readonly [D], unknown> & { readonly name: string };

/**
 * Wake-sleep as an alternative to SGVB for the same model and recognition model. Each step:
 *
 * ```text
 * wake:  z ~ q_φ(z | x)              θ ← θ + ∇_θ log p_θ(x, z)        (no gradient to φ)
 * sleep: (z̃, x̃) ~ p_θ(z) p_θ(x | z)  φ ← φ + ∇_φ log q_φ(z̃ | x̃)
 * ```
 *
 * with minibatch log-densities scaled by N/M and divided by N (per-datapoint objectives). θ
 * and φ are told apart by the traces: parameters read by the model run are θ, those read by
 * the guide run are φ. The sleep phase draws the fantasies with `uncondition` (the batch fixes
 * their shapes). Unlike AEVB, neither phase ascends a bound; {@link WakeSleep.evaluate}
 * reports the ELBO with the same guide for comparison, and {@link WakeSleep.svi} shares the
 * parameters for the posterior tools (`logMarginal`, `encode`, `evaluateBound`).
 *
 * @example
 * ```ts
 * const ws = new WakeSleep({ model, guide: autoAmortized(model), optimizer: new Adagrad({ learningRate: 0.02 }) });
 * const r = await ws.step(batch, 60000); // r.elbo, r.wake, r.sleep
 * const elbo = await evaluateBound(ws.svi, xTest, 500);
 * ```
 * @category Wake-sleep
 */
export class WakeSleep<L extends LatentSpec, D extends Batch> {
  /** The parameters θ and φ (unconstrained variables). */
  readonly params: ParamStore;
  /** Update rule of θ. */
  readonly optimizer: Optimizer;
  /** Update rule of φ. */
  readonly recognitionOptimizer: Optimizer;
  /** The data plate. */
  readonly plate: string;
  /** An SVI over the same model, guide and parameters (for evaluation and posterior tools; never stepped here). */
  readonly svi: SVI<L, D>;
  /** Steps applied so far. */
  stepCount = 0;
  /** Steps rejected as non-finite so far. */
  rejectedSteps = 0;
  private consecutiveBad = 0;
  private readonly seededModel: Bound<D>;
  private readonly seededGuide: Bound<D>;
  private parts: { readonly split: ParameterSplit; readonly slots: readonly DataSlot[] } | undefined;

  /** @param options - model, guide, optimizers, seed */
  constructor(readonly options: WakeSleepOptions<L, D>) {
    this.params = options.params ?? new ParamStore();
    this.optimizer = options.optimizer ?? new Adam({ learningRate: 1e-3 });
    this.recognitionOptimizer = options.recognitionOptimizer ?? this.optimizer;
    this.plate = options.plate ?? 'data';
    const s = options.seed ?? 0;
    this.seededModel = seedHandler(options.model, s * 2 + 1);
    this.seededGuide = seedHandler(options.guide, s * 2 + 2);
    this.svi = new SVI({
      model: options.model,
      guide: options.guide,
      params: this.params,
      objective: options.objective ?? analyticKlElbo(),
      seed: s + 7919,
      plate: this.plate,
    });
  }

  /** θ and φ by name (known after the first step). */
  get split(): ParameterSplit | undefined {
    return this.parts?.split;
  }

  private bound(dataSize: number | undefined): { model: Bound<D>; guide: Bound<D> } {
    const sub = <F extends Runnable<never, unknown>>(f: F): F => (dataSize === undefined ? f : subsample(f, { [this.plate]: dataSize }));
    return { model: params(sub(this.seededModel), this.params), guide: params(sub(this.seededGuide), this.params) };
  }

  /** Runs guide and replayed model once (creating parameters) and records θ, φ and the data slots. */
  private prepare(batch: D, model: Bound<D>, guide: Bound<D>): { readonly split: ParameterSplit; readonly slots: readonly DataSlot[] } {
    if (this.parts !== undefined) return this.parts;
    let parts: { readonly split: ParameterSplit; readonly slots: readonly DataSlot[] } | undefined;
    withValidation(false, () =>
      tf.tidy(() => {
        const g = trace(guide).getTrace(batch);
        const m = trace(replay(model, g)).getTrace(batch);
        checkParticle({ guide: g, model: m }, this.options.model.name, this.options.guide.name);
        const split = splitParameters(m, g, this.options.model.name, this.options.guide.name);
        parts = { split, slots: this.options.fantasy === undefined ? dataSlots(m, batch) : [] };
      }),
    );
    if (parts === undefined) throw new ModelError('WakeSleep: could not trace the model and guide');
    this.parts = parts;
    return parts;
  }

  private variables(names: readonly string[]): Record<string, tf.Variable> {
    const all = this.params.variables();
    return Object.fromEntries(names.map((n) => [n, all[n] as tf.Variable]));
  }

  /**
   * One wake-sleep step on `batch`, a minibatch of a data set of `dataSize` datapoints
   * (default: the batch is the whole data set). Both phases use the parameters from before
   * the step; a step whose objectives or gradients are non-finite is not applied.
   */
  async step(batch: D, dataSize?: number): Promise<WakeSleepStepResult> {
    const n = dataSize ?? datasetSize(batch);
    const { model, guide } = this.bound(dataSize);
    const { split, slots } = this.prepare(batch, model, guide);
    const theta = this.variables(split.model);
    const phi = this.variables(split.guide);
    let elbo: Tensor | undefined;
    // Wake: z ~ q(z | x) is recorded on the tape but depends on φ only, so only θ gets gradients.
    const wake = gradsOf(theta, () => {
        const g = trace(guide).getTrace(batch);
        const m = trace(replay(model, g)).getTrace(batch);
        const logp = logProbSum(m);
        elbo = tf.keep(tf.sub(logp, logQ(g)));
        return tf.div(tf.neg(logp), n) as tf.Scalar;
    });
    // Sleep: fantasies (z̃, x̃) from the model; the model's draws depend on θ only.
    const sleep = gradsOf(phi, () => {
        const f = trace(uncondition(model)).getTrace(batch);
        const values: Record<string, Tensor> = {};
        for (const s of Object.values(f)) if (s.type === 'sample') values[s.name] = s.value as Tensor;
        const x = this.options.fantasy?.(values, batch) ?? fantasyBatch(slots, values, batch);
        const q = trace(replay(guide, f)).getTrace(x);
        return tf.div(tf.neg(logQ(q)), n) as tf.Scalar;
    });
    const grads = { ...renamed(wake.grads, theta), ...renamed(sleep.grads, phi) };
    const check = tf.tidy(() => {
      const gs = Object.values(grads);
      const sq = gs.length === 0 ? tf.scalar(0) : tf.addN(gs.map((g) => tf.sum(tf.square(g))));
      return tf.stack([wake.value, sleep.value, elbo as Tensor, sq]);
    });
    const [w, sl, b, sq] = Array.from(await check.data()) as [number, number, number, number];
    tf.dispose([check, wake.value, sleep.value, elbo as Tensor]);
    const ok = [w, sl, b, sq].every(Number.isFinite);
    if (ok) {
      if (this.recognitionOptimizer === this.optimizer) this.optimizer.apply({ ...theta, ...phi }, grads);
      else {
        this.optimizer.apply(theta, renamed(wake.grads, theta));
        this.recognitionOptimizer.apply(phi, renamed(sleep.grads, phi));
      }
      this.stepCount++;
      this.consecutiveBad = 0;
    } else {
      this.rejectedSteps++;
      this.consecutiveBad++;
    }
    tf.dispose([...Object.values(wake.grads), ...Object.values(sleep.grads)]);
    if (!ok && this.consecutiveBad >= (this.options.maxBadSteps ?? 10)) {
      throw new NonFiniteError(`WakeSleep.step: ${this.consecutiveBad} consecutive steps had a non-finite objective or gradient; parameters are at their last finite values`, undefined);
    }
    return ok ? { elbo: b / n, wake: -w, sleep: -sl, accepted: true } : { elbo: NaN, wake: NaN, sleep: NaN, accepted: false };
  }

  /**
   * The lower bound per datapoint on `batch` with the current guide (the `objective` option,
   * default the analytic-KL ELBO), averaged over `passes` evaluations; updates nothing.
   */
  evaluate(batch: D, passes = 1): Promise<number> {
    return this.svi.evaluate(batch, passes);
  }
}

/** Value and gradients of `loss` w.r.t. `vars` (just the value when there are none), validation off. */
function gradsOf(vars: Readonly<Record<string, tf.Variable>>, loss: () => tf.Scalar): { value: tf.Scalar; grads: Record<string, Tensor> } {
  return withValidation(false, () => {
    const vs = Object.values(vars);
    if (vs.length === 0) return { value: tf.tidy(loss), grads: {} };
    const r = tf.variableGrads(loss, vs);
    return { value: r.value, grads: r.grads };
  });
}

/** Σ over the guide's latent sites of the scaled log q. */
function logQ(t: Trace): Tensor {
  let s: Tensor = tf.scalar(0);
  for (const site of latentSites(t)) s = tf.add(s, scaleAndSum(site, siteLogProb(site)));
  return s;
}

/** Gradients keyed by tf variable name → keyed by parameter name. */
function renamed(grads: Readonly<Record<string, Tensor>>, vars: Readonly<Record<string, tf.Variable>>): Record<string, Tensor> {
  const byVar = new Map(Object.entries(vars).map(([k, v]) => [v.name, k]));
  const out: Record<string, Tensor> = {};
  for (const [vn, g] of Object.entries(grads)) out[byVar.get(vn) ?? vn] = g;
  return out;
}
