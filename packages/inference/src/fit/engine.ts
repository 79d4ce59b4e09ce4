/**
 * The step machinery shared by {@link SVI} and `WakeSleep`: the seeded model and guide bound to
 * one parameter store, the explicit initialization that creates the parameters and derives the
 * data plan, the handled runnables of one step (the data plate's subsample with its row
 * positions), and the gradient update with one read-back and non-finite rejection.
 *
 * @module
 */
import {
  AevbError,
  ModelError,
  ParamStore,
  params,
  replay,
  seed as seedHandler,
  subsample,
  tf,
  trace,
  validate,
  withValidation,
  type Runnable,
  type Tensor,
} from '@aevb/core';
import type { SeedStream } from '@aevb/core/internal';
import { checkParticle } from '../objectives/particle.js';
import { planData, type DataPlan } from './data-plan.js';
import { checkMinibatch, sameData, type Minibatch } from './minibatch.js';
import type { Batch } from './data.js';

/**
 * Raised when fitting meets too many consecutive non-finite steps. Names the first site whose
 * log-density or gradient went non-finite (and, when a distribution argument is invalid, which
 * one: the step is re-run with validation on). Rejected steps change nothing: the parameters are
 * as the last accepted step left them — finite, but possibly where the bound is not (a step too
 * large); lower the learning rate and continue.
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

/** Step counters (plain numbers, part of a checkpoint). @category Fitting */
export interface StepCounters {
  /** Steps applied. */
  accepted: number;
  /** Steps rejected as non-finite. */
  rejected: number;
  /** Consecutive rejected steps (0 after an accepted one). */
  consecutiveRejected: number;
}

/** A runnable over one batch argument, with a name for messages. @internal */
export type BatchRunnable<D> = Runnable<readonly [D], unknown> & { readonly name: string };

/** The model and guide of one run, bound to the store, the subsample and validation off. @internal */
export interface BoundPair<D> {
  readonly model: BatchRunnable<D>;
  readonly guide: BatchRunnable<D>;
  /** Frees the row-position tensor of the subsample. */
  dispose(): void;
}

/** Options of a {@link StepEngine}. @internal */
export interface EngineOptions<D extends Batch> {
  readonly model: BatchRunnable<D>;
  readonly guide: BatchRunnable<D>;
  readonly params: ParamStore | undefined;
  readonly seed: number;
  readonly plate: string | undefined;
  readonly maxBadSteps: number;
}

/**
 * The state and machinery of stochastic-gradient fitting, one instance per SVI or WakeSleep.
 *
 * @internal
 */
export class StepEngine<D extends Batch> {
  readonly params: ParamStore;
  readonly counters: StepCounters = { accepted: 0, rejected: 0, consecutiveRejected: 0 };
  readonly seeds: { readonly model: SeedStream; readonly guide: SeedStream };
  plan: DataPlan | undefined;
  /** The data set the per-member parameters describe (the last full-data step, or fit's data). */
  fittedData: D | undefined;
  /**
   * The particle dimension when the model and guide run vectorized correctly (checked once
   * against sequential runs); `null` when they do not; `undefined` before the check.
   */
  vectorDim: number | null | undefined;
  private readonly model: BatchRunnable<D>;
  private readonly guide: BatchRunnable<D>;

  constructor(readonly options: EngineOptions<D>) {
    if (!Number.isInteger(options.seed)) throw new ModelError(`the seed must be an integer, got ${options.seed}`);
    this.params = options.params ?? new ParamStore();
    const m = seedHandler(options.model, options.seed * 2 + 1);
    const g = seedHandler(options.guide, options.seed * 2 + 2);
    this.model = m;
    this.guide = g;
    this.seeds = { model: m.seeds, guide: g.seeds };
  }

  /**
   * The model and guide for a run on `batch` of a data set described by `mb` (default: the batch
   * is the whole data set): bound to the store, validation off, and with the data plate holding
   * the minibatch's rows (scale N/M, row positions for per-member parameters).
   */
  bind(batch: D, mb: Minibatch | undefined, validation = false): BoundPair<D> {
    const rows = checkMinibatch(batch, mb, this.plan);
    let indices: tf.Tensor1D | undefined;
    const sub = <F extends BatchRunnable<D>>(f: F): F => {
      const plate = this.plan?.plate;
      if (mb === undefined || plate === undefined || (mb.dataSize === rows && mb.indices === undefined)) return f;
      indices ??= mb.indices === undefined ? undefined : tf.tensor1d(Int32Array.from(mb.indices), 'int32');
      return subsample(f, { [plate]: indices === undefined ? { size: mb.dataSize } : { size: mb.dataSize, indices } });
    };
    const wrap = <F extends BatchRunnable<D>>(f: F): F => validate(params(sub(f), this.params), validation);
    return { model: wrap(this.model), guide: wrap(this.guide), dispose: () => indices?.dispose() };
  }

  /**
   * Creates the parameters (their shapes come from the data) and derives the data plan: one
   * run of the model alone (with a scratch store, to find the data plate), then the model and
   * the guide with the model replayed, validation on. The seed streams are left where they were.
   */
  init(batch: D, mb: Minibatch | undefined): DataPlan {
    if (this.plan !== undefined) return this.plan;
    const at = { model: this.seeds.model.position, guide: this.seeds.guide.position };
    const rewind = (): void => {
      this.seeds.model.seek(at.model);
      this.seeds.guide.seek(at.guide);
    };
    const plate = this.options.plate;
    try {
      withValidation(true, () =>
        tf.tidy(() => {
          // 1. Where do the data's rows run? A scratch store keeps this run's parameters out of the real one.
          const scratch = new ParamStore();
          try {
            this.plan = planData(trace(params(this.model, scratch)).getTrace(batch), {}, batch, plate);
          } finally {
            scratch.clear();
            rewind();
          }
          // 2. The real parameters: the model's first (drawn from the model's seeds), then the guide's.
          const { model, guide, dispose } = this.bind(batch, mb, true);
          try {
            trace(model).getTrace(batch);
            const g = trace(guide).getTrace(batch);
            const m = trace(replay(model, g)).getTrace(batch);
            checkParticle({ guide: g, model: m }, this.options.model.name, this.options.guide.name);
            this.plan = planData(m, g, batch, plate);
          } finally {
            dispose();
          }
        }),
      );
    } catch (e) {
      this.plan = undefined;
      throw e;
    } finally {
      rewind();
    }
    const plan: DataPlan | undefined = this.plan;
    if (plan === undefined) throw new ModelError(`could not plan the data of model '${this.options.model.name}'`);
    return plan;
  }

  /** Records the data set the per-member parameters describe. */
  setFittedData(data: D): void {
    this.fittedData = data;
  }

  /**
   * Throws when the guide or model has per-member parameters of the data plate and `data` is
   * not the data set they were fitted on (such parameters describe those rows only).
   */
  checkEvaluable(data: D, what: string): void {
    const plan = this.plan;
    if (plan === undefined || plan.plate === undefined || this.fittedData === undefined) return;
    const own = plan.perMember.filter((p) => p.plate === plan.plate);
    if (own.length === 0 || sameData(data, this.fittedData)) return;
    const first = own[0] as { param: string; plate: string };
    throw new ModelError(
      `${what}: parameter '${first.param}' has one value per member of the data plate '${first.plate}', so it describes only the ` +
        `rows it was fitted on, and these data are not those rows (use an amortized guide, autoAmortized, to evaluate new data)`,
    );
  }

  /** The parameter variables by name. */
  variables(names?: readonly string[]): Record<string, tf.Variable> {
    const all = this.params.variables();
    return names === undefined ? all : Object.fromEntries(names.map((n) => [n, all[n] as tf.Variable]));
  }

  /**
   * Gradients of `loss` with respect to `vars`, keyed by parameter name (just the value when
   * there are no variables). Validation stays as the runnables set it.
   */
  gradients(vars: Readonly<Record<string, tf.Variable>>, loss: () => tf.Scalar): { value: tf.Scalar; grads: Record<string, Tensor> } {
    const vs = Object.values(vars);
    if (vs.length === 0) return { value: tf.tidy(loss), grads: {} };
    const r = tf.variableGrads(loss, vs);
    const byVar = new Map(Object.entries(vars).map(([k, v]) => [v.name, k]));
    const grads: Record<string, Tensor> = {};
    for (const [vn, g] of Object.entries(r.grads)) grads[byVar.get(vn) ?? vn] = g;
    return { value: r.value, grads };
  }

  /**
   * Reads `scalars` and the sum of every gradient entry back in one transfer; when all are
   * finite, runs `apply` and counts an accepted step, else counts a rejection. Disposes the
   * scalars and the gradients. Returns the scalars' values and whether the step was accepted.
   * After `maxBadSteps` consecutive rejections, throws a {@link NonFiniteError} whose message
   * `explain()` completes.
   */
  async update(scalars: readonly Tensor[], grads: Readonly<Record<string, Tensor>>, apply: () => void, explain: () => { text: string; site: string | undefined }): Promise<{ values: number[]; accepted: boolean }> {
    // The sum is non-finite iff some entry is NaN/±∞ (or finite entries overflow float32, which
    // deserves rejection too): one kernel per variable, one read-back per step.
    const check = tf.tidy(() => {
      // A scalar is its own sum (no Sum or Reshape kernel for it).
      const scalar = (t: Tensor): Tensor => (t.rank === 0 ? t : tf.reshape(t, []));
      const sums = Object.values(grads).map((g) => (g.rank === 0 ? g : tf.sum(g)));
      const total = sums.length === 0 ? tf.scalar(0) : sums.length === 1 ? (sums[0] as Tensor) : tf.addN(sums);
      return tf.stack([...scalars.map(scalar), total]);
    });
    const values = Array.from(await check.data());
    check.dispose();
    tf.dispose([...scalars]);
    const accepted = values.every(Number.isFinite);
    const c = this.counters;
    try {
      if (accepted) {
        apply();
        c.accepted++;
        c.consecutiveRejected = 0;
      } else {
        c.rejected++;
        c.consecutiveRejected++;
      }
    } finally {
      tf.dispose(Object.values(grads));
    }
    if (!accepted && c.consecutiveRejected >= this.options.maxBadSteps) {
      const { text, site } = explain();
      throw new NonFiniteError(`${c.consecutiveRejected} consecutive steps had a non-finite bound or gradient${text}; parameters are at their last finite values`, site);
    }
    return { values: values.slice(0, scalars.length), accepted };
  }
}
