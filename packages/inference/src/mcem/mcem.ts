/**
 * Monte Carlo EM with per-datapoint HMC (the baseline of the AEVB paper's Figure 3), generic
 * over models whose latent sites are per-datapoint (inside the data plate) and real-valued.
 *
 * @module
 */
import {
  ArgumentError,
  ParamStore,
  initBackend,
  latentSites,
  params as paramsHandler,
  seed as seedHandler,
  substitute,
  tf,
  trace,
  withValidation,
  type LatentSpec,
  type Model,
  type Runnable,
  type Tensor,
  type Tensor2D,
} from '@aevb/core';
import { mixSeed } from '@aevb/core/internal';
import { datasetSize, type Batch } from '../fit/data.js';
import { ChainRng } from '../mcmc/chain-rng.js';
import { hmcTransition } from '../mcmc/hmc.js';
import type { PhasePoint } from '../mcmc/integrator.js';
import { evaluatePotential } from '../mcmc/potential.js';
import { Adagrad } from '../optim/adagrad.js';
import type { Optimizer } from '../optim/types.js';
import { localLatents, localPotential, rowLogJoint, siteValues, type LocalLatents } from './local-potential.js';

/** Options of {@link MonteCarloEM}. @category Monte Carlo EM */
export interface MonteCarloEMOptions<L extends LatentSpec, D extends Batch> {
  /** The generative model p_θ(x, z); its latents are per-datapoint and real-valued. */
  readonly model: Model<L, readonly [D], unknown>;
  /** N: the data set's size. Each datapoint keeps its own chain (its latest sample of z). */
  readonly dataSize: number;
  /** Update rule of θ (the M step). Default Adagrad(0.01), as in the paper. */
  readonly optimizer?: Optimizer;
  /** Seed of the parameters' initialization, the chains' initial states and the HMC draws. Default 0. */
  readonly seed?: number;
  /** Parameter store (default: a new one owned by this object). */
  readonly params?: ParamStore;
  /** The data plate (default: the one plate enclosing every latent site). */
  readonly plate?: string;
  /** Leapfrog steps per HMC transition. Default 10 (the paper). */
  readonly leapfrogSteps?: number;
  /** Acceptance rate the step size is tuned to. Default 0.9 (the paper). */
  readonly targetAccept?: number;
  /** Initial leapfrog step size. Default 0.1. */
  readonly stepSize?: number;
  /** HMC transitions per datapoint each time its minibatch is visited (the E step). Default 1. */
  readonly transitions?: number;
  /** Weight-update steps on each acquired sample (the M step). Default 5 (the paper). */
  readonly updatesPerSample?: number;
}

/** Result of one {@link MonteCarloEM.step}. @category Monte Carlo EM */
export interface MonteCarloEMStepResult {
  /** Mean over the minibatch of log p_θ(x_i, z_i) at the new samples, before the weight updates. */
  readonly logJoint: number;
  /** Mean acceptance probability of this step's HMC transitions. */
  readonly acceptRate: number;
  /** The step size after this step's adaptation. */
  readonly stepSize: number;
  /** Weight updates applied (of `updatesPerSample`; non-finite ones are skipped). */
  readonly updates: number;
}

/** Gain of the step-size adaptation on the log scale. */
const STEP_GAIN = 0.2;

/**
 * Monte Carlo EM: each datapoint keeps a sample z_i of its posterior under the current θ,
 * moved by HMC whenever its minibatch is visited (E step); then θ ascends the complete-data
 * log-likelihood of the minibatch at those samples (M step):
 *
 * ```text
 * E:  z_i ← HMC_θ(z_i; leapfrogSteps, ε)  for i in the minibatch   (target p_θ(z_i | x_i))
 * M:  repeat updatesPerSample times:  θ ← optimizer(θ, ∇_θ −1/M Σ_i log p_θ(x_i, z_i))
 *     log ε ← log ε + 0.2 (mean acceptance − targetAccept)
 * ```
 * The chains run together (one model run per leapfrog step for the minibatch) but accept or
 * reject per datapoint. The step size is shared and tuned during the run towards
 * `targetAccept` (a constant-gain Robbins–Monro rule, since the posterior moves with θ).
 * The chains start at a draw of the model's prior; global latents are refused (learn them as
 * parameters), as are non-real latents.
 *
 * @example
 * ```ts
 * const em = new MonteCarloEM({ model: vae, dataSize: 1000, optimizer: new Adagrad({ learningRate: 0.02 }) });
 * const r = await em.step(batch, indices); // r.logJoint, r.acceptRate, r.stepSize
 * ```
 * @category Monte Carlo EM
 */
export class MonteCarloEM<L extends LatentSpec, D extends Batch> {
  /** The parameters θ. */
  readonly params: ParamStore;
  /** Update rule of θ. */
  readonly optimizer: Optimizer;
  private local: LocalLatents | undefined;
  private states: Float64Array | undefined;
  private readonly started: Uint8Array;
  private readonly rng: ChainRng;
  private eps: number;
  private steps = 0;

  /** @param options - model, data size, optimizer, HMC settings */
  constructor(readonly options: MonteCarloEMOptions<L, D>) {
    const n = options.dataSize;
    if (!Number.isInteger(n) || n < 1) throw new ArgumentError('MonteCarloEM', 'dataSize', `must be a positive integer, got ${n}`);
    const check = (name: string, v: number | undefined, ok: (v: number) => boolean, what: string): void => {
      if (v !== undefined && !ok(v)) throw new ArgumentError('MonteCarloEM', name, `must be ${what}, got ${v}`);
    };
    check('leapfrogSteps', options.leapfrogSteps, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
    check('transitions', options.transitions, (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
    check('updatesPerSample', options.updatesPerSample, (v) => Number.isInteger(v) && v >= 0, 'a non-negative integer');
    check('targetAccept', options.targetAccept, (v) => v > 0 && v < 1, 'in (0, 1)');
    check('stepSize', options.stepSize, (v) => v > 0 && Number.isFinite(v), 'positive and finite');
    this.params = options.params ?? new ParamStore();
    this.optimizer = options.optimizer ?? new Adagrad({ learningRate: 0.01 });
    this.started = new Uint8Array(n);
    this.rng = new ChainRng(mixSeed(options.seed ?? 0, 0x3c3));
    this.eps = options.stepSize ?? 0.1;
  }

  /** The current leapfrog step size. */
  get stepSize(): number {
    return this.eps;
  }
  /** Steps taken so far. */
  get stepCount(): number {
    return this.steps;
  }
  /** The per-datapoint latents (known after the first step). */
  get latents(): LocalLatents | undefined {
    return this.local;
  }
  /** Each datapoint's current sample, row-major [N, dim] (known after the first step). */
  get samples(): Float64Array | undefined {
    return this.states;
  }

  /** Creates θ (seeded) and the per-datapoint layout from a first run on `batch`. */
  private prepare(batch: D): LocalLatents {
    if (this.local !== undefined) return this.local;
    const run = this.options.model as unknown as Runnable<readonly [D], unknown>;
    tf.tidy(() => {
      withValidation(false, () => trace(seedHandler(paramsHandler(run, this.params), mixSeed(this.options.seed ?? 0, 1))).getTrace(batch));
    });
    this.local = localLatents(this.options.model, batch, this.params, this.options.plate);
    this.states = new Float64Array(this.options.dataSize * this.local.dim);
    return this.local;
  }

  /** Starts the chains of datapoints seen for the first time at a prior draw (a seeded run of the model). */
  private start(batch: D, idx: readonly number[], local: LocalLatents): void {
    const fresh = idx.map((i, r) => [i, r] as const).filter(([i]) => this.started[i] === 0);
    if (fresh.length === 0) return;
    const states = this.states as Float64Array;
    const run = paramsHandler(this.options.model as unknown as Runnable<readonly [D], unknown>, this.params);
    const draw = tf.tidy(() => {
      const t = withValidation(false, () => trace(seedHandler(run, mixSeed(this.options.seed ?? 0, 2 + this.steps))).getTrace(batch));
      const parts = latentSites(t).map((s) => tf.reshape(s.value as Tensor, [idx.length, -1]));
      return parts.length === 1 ? (parts[0] as Tensor) : tf.concat(parts, 1);
    });
    const values = draw.dataSync();
    draw.dispose();
    for (const [i, r] of fresh) {
      states.set(values.subarray(r * local.dim, (r + 1) * local.dim), i * local.dim);
      this.started[i] = 1;
    }
  }

  /**
   * One Monte Carlo EM step on `batch`, whose rows are datapoints `indices` of the data set:
   * `transitions` HMC transitions of each row's chain, then `updatesPerSample` updates of θ.
   */
  async step(batch: D, indices: ArrayLike<number>): Promise<MonteCarloEMStepResult> {
    await initBackend();
    const rows = datasetSize(batch, 'batch');
    if (indices.length !== rows) throw new ArgumentError('MonteCarloEM.step', 'indices', `has ${indices.length} positions for a batch of ${rows} rows`);
    const idx = Array.from(indices, (v, r) => {
      if (!Number.isInteger(v) || v < 0 || v >= this.options.dataSize) throw new ArgumentError('MonteCarloEM.step', 'indices', `position ${v} (at ${r}) is not a row of the ${this.options.dataSize} datapoints`);
      return v;
    });
    const local = this.prepare(batch);
    this.start(batch, idx, local);
    const states = this.states as Float64Array;
    const d = local.dim;
    const { potential } = localPotential(this.options.model, batch, this.params, local);
    const chains = idx.map((_, r) => r);
    // E step: HMC from each datapoint's current sample.
    let accept = 0;
    const transitions = this.options.transitions ?? 1;
    const invMass = chains.map(() => new Float64Array(d).fill(1));
    const rngs = chains.map(() => this.rng);
    let zs: PhasePoint[] = [];
    for (let k = 0; k < transitions; k++) {
      const qs = idx.map((i) => states.slice(i * d, (i + 1) * d));
      const start = evaluatePotential(potential, d, qs, chains);
      zs = qs.map((q, r) => ({ q, p: new Float64Array(d), u: start.value[r] as number, grad: start.gradient.slice(r * d, (r + 1) * d) }));
      const stats = hmcTransition(potential, zs, chains, chains.map(() => this.eps), invMass, rngs, this.options.leapfrogSteps ?? 10);
      const mean = stats.reduce((s, t) => s + t.acceptProb, 0) / stats.length;
      accept += mean / transitions;
      this.eps *= Math.exp(STEP_GAIN * (mean - (this.options.targetAccept ?? 0.9)));
      zs.forEach((z, r) => states.set(z.q, (idx[r] as number) * d));
    }
    const logJoint = -zs.reduce((s, z) => s + z.u, 0) / rows;
    // M step: θ ascends the complete-data log-likelihood at the new samples.
    const z = tf.tensor2d(Float32Array.from(idx.flatMap((i) => Array.from(states.subarray(i * d, (i + 1) * d)))), [rows, d]);
    const run = paramsHandler(this.options.model as unknown as Runnable<readonly [D], unknown>, this.params);
    let updates = 0;
    try {
      for (let k = 0; k < (this.options.updatesPerSample ?? 5); k++) {
        const vars = this.params.variables();
        const { value, grads } = tf.variableGrads(() => {
          const t = withValidation(false, () => trace(substitute(run, siteValues(local, z as Tensor2D))).getTrace(batch));
          return tf.neg(tf.mean(rowLogJoint(t, local.plate, rows))) as tf.Scalar;
        }, Object.values(vars));
        const byVar = new Map(Object.entries(vars).map(([name, v]) => [v.name, name]));
        const named: Record<string, Tensor> = {};
        for (const [vn, g] of Object.entries(grads)) named[byVar.get(vn) ?? vn] = g;
        const check = tf.tidy(() => tf.add(value, tf.addN(Object.values(named).map((g) => tf.sum(g)))));
        const finite = Number.isFinite((await check.data())[0] as number);
        check.dispose();
        value.dispose();
        if (finite) {
          this.optimizer.apply(vars, named);
          updates++;
        }
        tf.dispose(Object.values(named));
      }
    } finally {
      z.dispose();
    }
    this.steps++;
    return { logJoint, acceptRate: accept, stepSize: this.eps, updates };
  }
}
