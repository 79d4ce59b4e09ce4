/**
 * One run of Figure 2: a VAE fitted by AEVB or wake-sleep with Adagrad for a budget of training
 * samples, with the lower bound recorded along the way.
 *
 * @module
 */
import { ArgumentError, tf, type Tensor2D } from '@aevb/core';
import { Adagrad, SVI, WakeSleep, analyticKlElbo, autoAmortized, evaluateBound, permutation } from '@aevb/inference';
import { initializerOf, vae, type VaeConfig } from '../vae/model.js';
import { checkpoints, type PaperMethod } from './config.js';

/** One point of a Figure 2 curve. @category Paper */
export interface BoundPoint {
  /** Training samples evaluated so far. */
  readonly samples: number;
  /** Lower bound per datapoint on the training evaluation subset. */
  readonly train: number;
  /** Lower bound per datapoint on the test evaluation subset. */
  readonly test: number;
}

/** What one run needs. @category Paper */
export interface PaperRunSpec {
  /** AEVB (SGVB with the amortized guide) or wake-sleep. */
  readonly method: PaperMethod;
  /** The VAE's architecture. */
  readonly vae: VaeConfig;
  /** Adagrad's global step size. */
  readonly lr: number;
  /** Training samples evaluated. */
  readonly budget: number;
  /** Minibatch size M. */
  readonly batch: number;
  /** Seed of the run (initialization, noise, data order). */
  readonly seed: number;
  /** Training data [N, D]. */
  readonly train: Tensor2D;
  /** Subsets on which the curve is evaluated (omit for no curve). */
  readonly curve?: { readonly train: Tensor2D; readonly test: Tensor2D };
  /** Called with each point of the curve and the training seconds so far (progress). */
  readonly onPoint?: (point: BoundPoint, seconds: number) => void;
}

/** A finished run: the SVI holding its parameters (for evaluation) and its curve. @category Paper */
export interface PaperRun {
  /** An SVI over the run's parameters, with the analytic-KL ELBO as objective. */
  readonly svi: SVI<{ z: Tensor2D }, Tensor2D>;
  /** The lower bound along training. */
  readonly curve: readonly BoundPoint[];
  /** Wall-clock seconds of the training steps (evaluations excluded). */
  readonly seconds: number;
  /** Steps rejected as non-finite. */
  readonly rejected: number;
}

/**
 * Fits one VAE by `method` for `budget` training samples (minibatches of M in a seeded order
 * per epoch, log-densities scaled by N/M), evaluating the analytic-KL lower bound on the curve
 * subsets at {@link checkpoints}.
 *
 * @category Paper
 */
export async function runMethod(spec: PaperRunSpec): Promise<PaperRun> {
  const n = spec.train.shape[0];
  // A minibatch larger than the data would never be drawn: the loop below could not progress.
  if (!Number.isInteger(spec.batch) || spec.batch < 1 || spec.batch > n) throw new ArgumentError('runMethod', 'batch', `must be an integer in [1, ${n}] (the training examples), got ${spec.batch}`);
  if (!Number.isInteger(spec.budget) || spec.budget < spec.batch) throw new ArgumentError('runMethod', 'budget', `must be an integer of at least one minibatch (${spec.batch}), got ${spec.budget}`);
  const model = vae(spec.vae);
  const guide = autoAmortized(model, { hidden: [spec.vae.hidden], activation: 'tanh', ...(spec.vae.init === 'paper' ? { init: initializerOf('paper') } : {}) });
  const optimizer = new Adagrad({ learningRate: spec.lr });
  let step: (b: Tensor2D, n: number) => Promise<{ readonly accepted: boolean }>;
  let svi: SVI<{ z: Tensor2D }, Tensor2D>;
  if (spec.method === 'aevb') {
    const s = new SVI({ model, guide, optimizer, objective: analyticKlElbo(), seed: spec.seed });
    svi = s;
    step = (b, n) => s.step(b, n);
  } else {
    const ws = new WakeSleep({ model, guide, optimizer, seed: spec.seed });
    svi = ws.svi;
    step = (b, n) => ws.step(b, n);
  }
  const marks = spec.curve === undefined ? [] : checkpoints(spec.budget, spec.batch);
  const curve: BoundPoint[] = [];
  let seen = 0;
  let rejected = 0;
  let seconds = 0;
  try {
    for (let epoch = 0; seen + spec.batch <= spec.budget; epoch++) {
      const order = permutation(n, (spec.seed * 7919 + epoch) >>> 0);
      for (let start = 0; start + spec.batch <= n && seen + spec.batch <= spec.budget; start += spec.batch) {
        const t0 = performance.now();
        const batch = tf.tidy(() => tf.gather(spec.train, tf.tensor1d(order.subarray(start, start + spec.batch), 'int32')));
        let r;
        try {
          r = await step(batch, n);
        } finally {
          batch.dispose();
        }
        seconds += (performance.now() - t0) / 1000;
        if (!r.accepted) rejected++;
        seen += spec.batch;
        if (spec.curve !== undefined && seen === marks[curve.length]) {
          const point = { samples: seen, train: await evaluateBound(svi, spec.curve.train, 500), test: await evaluateBound(svi, spec.curve.test, 500) };
          curve.push(point);
          spec.onPoint?.(point, seconds);
        }
      }
    }
  } catch (e) {
    svi.params.clear();
    throw e;
  } finally {
    optimizer.dispose();
  }
  return { svi, curve, seconds, rejected };
}

/** Disposes a run's parameters. @category Paper */
export function disposeRun(run: PaperRun): void {
  run.svi.params.clear();
}
