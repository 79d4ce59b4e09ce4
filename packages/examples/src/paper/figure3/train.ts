/**
 * One run of Figure 3: a VAE fitted by AEVB, wake-sleep or Monte Carlo EM with Adagrad, its
 * marginal likelihood estimated by the appendix D estimator at the marks.
 *
 * @module
 */
import { tf, type Model, type ParamStore, type Tensor2D } from '@aevb/core';
import { Adagrad, MonteCarloEM, SVI, WakeSleep, analyticKlElbo, autoAmortized, localLogMarginal, permutation } from '@aevb/inference';
import { vae } from '../../vae/model.js';
import type { PaperRunSpec } from '../train.js';
import type { Figure3Method } from './config.js';

/** One point of a Figure 3 curve. @category Paper */
export interface MarginalPoint {
  /** Training samples evaluated so far. */
  readonly samples: number;
  /** Mean estimated log p(x) per datapoint on the first training points, with its standard error. */
  readonly train: number;
  /** Standard error of `train`. */
  readonly trainSe: number;
  /** The same on the first test points. */
  readonly test: number;
  /** Standard error of `test`. */
  readonly testSe: number;
  /** Datapoints whose estimate was refused (heavy-tailed weights, a stuck chain; left out of the means), train + test. */
  readonly refused: number;
  /** Seconds spent by the estimator at this mark. */
  readonly evalSeconds: number;
  /** Each training point's estimate (NaN where refused), in order. */
  readonly trainValues: readonly number[];
  /** Each test point's estimate (NaN where refused), in order. */
  readonly testValues: readonly number[];
}

/**
 * What one Figure 3 run needs: Figure 2's run (architecture, step size, budget, minibatch,
 * seed, training set) with Monte Carlo EM as a third method, the marks and the estimator's
 * settings in place of the bound curve.
 *
 * @category Paper
 */
export interface Figure3RunSpec extends Omit<PaperRunSpec, 'method' | 'curve' | 'onPoint'> {
  /** AEVB, wake-sleep or Monte Carlo EM. */
  readonly method: Figure3Method;
  /** The estimator's training points. */
  readonly evalTrain: Tensor2D;
  /** The estimator's test points. */
  readonly evalTest: Tensor2D;
  /** Training-sample counts at which log p(x) is estimated. */
  readonly marks: readonly number[];
  /** HMC warmup transitions per datapoint of the estimator. */
  readonly evalWarmup: number;
  /** HMC draws per datapoint of the estimator. */
  readonly evalDraws: number;
  /** HMC chains per datapoint of the estimator. */
  readonly evalChains: number;
  /** Mass of each datapoint's Gaussian q kept in its ellipsoid. */
  readonly truncation: number;
  /** MCEM: leapfrog steps per transition. */
  readonly leapfrogSteps: number;
  /** MCEM: weight updates per acquired sample. */
  readonly updatesPerSample: number;
  /** Progress lines. */
  readonly log: (line: string) => void;
}

/** A finished Figure 3 run. @category Paper */
export interface Figure3Run {
  /** log p(x) at the marks. */
  readonly curve: readonly MarginalPoint[];
  /** Seconds of training steps (estimates excluded). */
  readonly seconds: number;
  /** MCEM: final step size and mean acceptance of the last epoch's HMC. */
  readonly hmc?: { readonly stepSize: number; readonly acceptRate: number };
}

/** Fits one VAE by `spec.method` and estimates its marginal likelihood at the marks. @category Paper */
export async function runFigure3Method(spec: Figure3RunSpec): Promise<Figure3Run> {
  const n = spec.train.shape[0];
  const model = vae(spec.vae);
  const optimizer = new Adagrad({ learningRate: spec.lr });
  let store: ParamStore;
  let em: MonteCarloEM<{ z: Tensor2D }, Tensor2D> | undefined;
  let step: (b: Tensor2D, idx: Int32Array) => Promise<{ acceptRate?: number }>;
  if (spec.method === 'mcem') {
    em = new MonteCarloEM({ model, dataSize: n, optimizer, seed: spec.seed, leapfrogSteps: spec.leapfrogSteps, updatesPerSample: spec.updatesPerSample, targetAccept: 0.9 });
    const e = em;
    store = e.params;
    step = (b, idx) => e.step(b, idx);
  } else {
    const guide = autoAmortized(model, { hidden: [spec.vae.hidden], activation: 'tanh' });
    if (spec.method === 'aevb') {
      const s = new SVI({ model, guide, optimizer, objective: analyticKlElbo(), seed: spec.seed });
      store = s.params;
      step = (b, idx) => s.step(b, { dataSize: n, indices: idx }).then(() => ({}));
    } else {
      const ws = new WakeSleep({ model, guide, optimizer, seed: spec.seed });
      store = ws.params;
      step = (b, idx) => ws.step(b, { dataSize: n, indices: idx }).then(() => ({}));
    }
  }
  const curve: MarginalPoint[] = [];
  let seen = 0;
  let seconds = 0;
  let accept = { sum: 0, count: 0 };
  let last: { stepSize: number; acceptRate: number } | undefined;
  try {
    for (let epoch = 0; seen + spec.batch <= spec.budget; epoch++) {
      const order = permutation(n, (spec.seed * 7919 + epoch) >>> 0);
      accept = { sum: 0, count: 0 };
      for (let start = 0; start + spec.batch <= n && seen + spec.batch <= spec.budget; start += spec.batch) {
        const t0 = performance.now();
        const idx = order.subarray(start, start + spec.batch);
        const batch = tf.tidy(() => tf.gather(spec.train, tf.tensor1d(idx, 'int32')));
        try {
          const r = await step(batch, idx);
          if (r.acceptRate !== undefined) accept = { sum: accept.sum + r.acceptRate, count: accept.count + 1 };
        } finally {
          batch.dispose();
        }
        seconds += (performance.now() - t0) / 1000;
        seen += spec.batch;
        if (seen === spec.marks[curve.length]) {
          const t1 = performance.now();
          // Training and test points in one run of the chains (one model run per leapfrog step for both).
          const both = tf.concat([spec.evalTrain, spec.evalTest]) as Tensor2D;
          let rows: { values: number[]; ses: number[] };
          try {
            rows = estimateRows(model, both, store, spec, spec.seed * 31 + curve.length);
          } finally {
            both.dispose();
          }
          const k = spec.evalTrain.shape[0];
          const tr = meanOf(rows.values.slice(0, k), rows.ses.slice(0, k));
          const te = meanOf(rows.values.slice(k), rows.ses.slice(k));
          const point = {
            samples: seen,
            train: tr.mean,
            trainSe: tr.se,
            test: te.mean,
            testSe: te.se,
            refused: tr.refused + te.refused,
            evalSeconds: (performance.now() - t1) / 1000,
            trainValues: rows.values.slice(0, k),
            testValues: rows.values.slice(k),
          };
          curve.push(point);
          spec.log(`  ${spec.method} @ ${seen}: train ${point.train.toFixed(2)} ± ${point.trainSe.toFixed(2)}, test ${point.test.toFixed(2)} ± ${point.testSe.toFixed(2)} (refused ${point.refused}; estimator ${point.evalSeconds.toFixed(0)} s; training ${seconds.toFixed(0)} s)`);
        }
      }
      if (accept.count > 0 && em !== undefined) last = { stepSize: em.stepSize, acceptRate: accept.sum / accept.count };
    }
  } finally {
    store.clear();
    optimizer.dispose();
  }
  return { curve, seconds, ...(last === undefined ? {} : { hmc: last }) };
}

/**
 * log p̂(x_i) and its standard error for every row of `x` (NaN where the estimate was refused).
 * No second attempt: the chains' cost is one model run per leapfrog step whatever the number of
 * rows, so rerunning a few refused rows would cost as much as the first run.
 */
function estimateRows(model: Model<{ z: Tensor2D }, readonly [Tensor2D], Tensor2D>, x: Tensor2D, store: ParamStore, spec: Figure3RunSpec, seed: number): { values: number[]; ses: number[] } {
  const r = localLogMarginal(model, x, { seed, params: store, warmup: spec.evalWarmup, draws: spec.evalDraws, chains: spec.evalChains, numSteps: 10, truncation: spec.truncation });
  return { values: Array.from(r.logMarginal), ses: Array.from(r.standardError) };
}

/** The mean of the finite estimates, its standard error √(Σ SE²)/n, and how many were refused (NaN). */
function meanOf(values: readonly number[], ses: readonly number[]): { mean: number; se: number; refused: number } {
  const kept = values.map((v, i) => [v, ses[i] as number] as const).filter(([v]) => Number.isFinite(v));
  const mean = kept.reduce((a, [v]) => a + v, 0) / kept.length;
  const se = Math.sqrt(kept.reduce((a, [, e]) => a + e * e, 0)) / kept.length;
  return { mean, se, refused: values.length - kept.length };
}
