/**
 * The wake-sleep algorithm (Hinton, Dayan, Frey & Neal 1995), the baseline of the AEVB paper's
 * Figure 2, generic over models written in the DSL with a recognition model (any guide).
 *
 * @module
 */
import {
  initBackend,
  latentSites,
  ModelError,
  logProbSum,
  replay,
  scaleAndSum,
  siteLogProb,
  tf,
  trace,
  uncondition,
  type Guide,
  type LatentSpec,
  type Model,
  type ParamStore,
  type Tensor,
  type Trace,
} from '@aevb/core';
import { analyticKlElbo } from '../objectives/analytic-kl.js';
import type { Objective } from '../objectives/objective.js';
import type { Optimizer } from '../optim/types.js';
import { Adam } from '../optim/adam.js';
import { datasetSize, type Batch } from '../fit/data.js';
import { explainNonFinite } from '../fit/diagnose.js';
import { StepEngine, type BoundPair } from '../fit/engine.js';
import type { Minibatch } from '../fit/minibatch.js';
import { SVI, toMinibatch } from '../fit/svi.js';
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
  /** The plate the data's rows run through. Default: found from the first run (see `SVIOptions.plate`). */
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
 * When the guide's family contains the exact posterior, the sleep phase's optimum is that
 * posterior, the wake phase is an EM step, and wake-sleep converges to maximum likelihood (tested
 * on probabilistic PCA against the closed-form solution). Otherwise the sleep phase fits q to the
 * model's own fantasies in the other KL direction, and the ELBO can fall while training goes on:
 * on MNIST with a mean-field encoder (N_z = 20, Adagrad 0.01) it peaks near 10⁵ training samples
 * and then falls, on grey-level and binarized digits alike; at Adagrad 0.002 it peaks later
 * (4 × 10⁵ samples) and falls more slowly. Watch the bound (`evaluate`), and keep the
 * parameters from where it peaked.
 *
 * @example
 * ```ts
 * const ws = new WakeSleep({ model, guide: autoAmortized(model), optimizer: new Adagrad({ learningRate: 0.02 }) });
 * const r = await ws.step(batch, { dataSize: 60000 }); // r.elbo, r.wake, r.sleep
 * const elbo = await evaluateBound(ws.svi, xTest, 500);
 * ```
 * @category Wake-sleep
 */
export class WakeSleep<L extends LatentSpec, D extends Batch> {
  /** Update rule of θ. */
  readonly optimizer: Optimizer;
  /** Update rule of φ. */
  readonly recognitionOptimizer: Optimizer;
  /** An SVI over the same model, guide and parameters (for evaluation and posterior tools; never stepped here). */
  readonly svi: SVI<L, D>;
  /** The shared step machinery (parameters, seeds, counters, data plan). @internal */
  readonly engine: StepEngine<D>;
  private parts: { readonly split: ParameterSplit; readonly slots: readonly DataSlot[] } | undefined;

  /** @param options - model, guide, optimizers, seed */
  constructor(readonly options: WakeSleepOptions<L, D>) {
    this.optimizer = options.optimizer ?? new Adam({ learningRate: 1e-3 });
    this.recognitionOptimizer = options.recognitionOptimizer ?? this.optimizer;
    const s = options.seed ?? 0;
    this.engine = new StepEngine<D>({
      model: options.model,
      guide: options.guide,
      params: options.params,
      seed: s,
      plate: options.plate,
      maxBadSteps: options.maxBadSteps ?? 10,
    });
    this.svi = new SVI({
      model: options.model,
      guide: options.guide,
      params: this.engine.params,
      objective: options.objective ?? analyticKlElbo(),
      seed: s + 7919,
      ...(options.plate === undefined ? {} : { plate: options.plate }),
    });
  }

  /** The parameters θ and φ (unconstrained variables). */
  get params(): ParamStore {
    return this.engine.params;
  }
  /** The data plate (known after the first step). */
  get plate(): string | undefined {
    return this.engine.plan?.plate ?? this.options.plate;
  }
  /** Steps applied so far. */
  get stepCount(): number {
    return this.engine.counters.accepted;
  }
  /** Steps rejected as non-finite so far. */
  get rejectedSteps(): number {
    return this.engine.counters.rejected;
  }
  /** θ and φ by name (known after the first step). */
  get split(): ParameterSplit | undefined {
    return this.parts?.split;
  }

  /** Records θ, φ and the data slots from one run of the guide and the replayed model. */
  private prepare(batch: D, pair: BoundPair<D>): { readonly split: ParameterSplit; readonly slots: readonly DataSlot[] } {
    if (this.parts !== undefined) return this.parts;
    let parts: { readonly split: ParameterSplit; readonly slots: readonly DataSlot[] } | undefined;
    tf.tidy(() => {
      const g = trace(pair.guide).getTrace(batch);
      const m = trace(replay(pair.model, g)).getTrace(batch);
      const split = splitParameters(m, g, this.options.model.name, this.options.guide.name);
      parts = { split, slots: this.options.fantasy === undefined ? dataSlots(m, batch) : [] };
    });
    if (parts === undefined) throw new ModelError('WakeSleep: could not trace the model and guide');
    this.parts = parts;
    return parts;
  }

  /**
   * One wake-sleep step on `batch`, a minibatch of a data set (`minibatch` gives its size N and
   * the batch's row positions; a bare number is N; default: the batch is the whole data set).
   * Both phases use the parameters from before the step; a step whose objectives or gradients
   * are non-finite is not applied.
   */
  async step(batch: D, minibatch?: number | Minibatch): Promise<WakeSleepStepResult> {
    const mb = toMinibatch(minibatch);
    await initBackend();
    this.engine.init(batch, mb);
    const n = mb?.dataSize ?? datasetSize(batch);
    const pair = this.engine.bind(batch, mb);
    try {
      const { split, slots } = this.prepare(batch, pair);
      const theta = this.engine.variables(split.model);
      const phi = this.engine.variables(split.guide);
      let elbo: Tensor | undefined;
      // Wake: z ~ q(z | x) is recorded on the tape but depends on φ only, so only θ gets gradients.
      const wake = this.engine.gradients(theta, () => {
        const g = trace(pair.guide).getTrace(batch);
        const m = trace(replay(pair.model, g)).getTrace(batch);
        const logp = logProbSum(m);
        elbo = tf.keep(tf.sub(logp, logQ(g)));
        return tf.div(tf.neg(logp), n) as tf.Scalar;
      });
      // Sleep: fantasies (z̃, x̃) from the model; the model's draws depend on θ only.
      const sleep = this.engine.gradients(phi, () => {
        const f = trace(uncondition(pair.model)).getTrace(batch);
        const values: Record<string, Tensor> = {};
        for (const s of Object.values(f)) if (s.type === 'sample') values[s.name] = s.value as Tensor;
        const x = this.options.fantasy?.(values, batch) ?? fantasyBatch(slots, values, batch);
        const q = trace(replay(pair.guide, f)).getTrace(x);
        return tf.div(tf.neg(logQ(q)), n) as tf.Scalar;
      });
      const grads = { ...wake.grads, ...sleep.grads };
      const { values, accepted } = await this.engine.update(
        [wake.value, sleep.value, elbo as Tensor],
        grads,
        () => {
          if (this.recognitionOptimizer === this.optimizer) this.optimizer.apply({ ...theta, ...phi }, grads);
          else {
            this.optimizer.apply(theta, wake.grads);
            this.recognitionOptimizer.apply(phi, sleep.grads);
          }
        },
        () => explainNonFinite(this.engine, batch, mb),
      );
      const [w, sl, b] = values as [number, number, number];
      return accepted ? { elbo: b / n, wake: -w, sleep: -sl, accepted: true } : { elbo: NaN, wake: NaN, sleep: NaN, accepted: false };
    } finally {
      pair.dispose();
    }
  }

  /**
   * The lower bound per datapoint on `batch` with the current guide (the `objective` option,
   * default the analytic-KL ELBO), averaged over `passes` evaluations; updates nothing.
   */
  evaluate(batch: D, passes = 1): Promise<number> {
    return this.svi.evaluate(batch, passes);
  }
}

/** Σ over the guide's latent sites of the scaled log q. */
function logQ(t: Trace): Tensor {
  let s: Tensor = tf.scalar(0);
  for (const site of latentSites(t)) s = tf.add(s, scaleAndSum(site, siteLogProb(site)));
  return s;
}
