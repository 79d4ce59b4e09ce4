/**
 * The training loop of the live VAE page: `svi.step` over shuffled minibatches, pausable, with
 * per-step and per-epoch reports (browser-safe: no DOM, no Node API; runs in Node tests too).
 *
 * @module
 */
import { tf, type Tensor2D } from '@aevb/core';
import { Adam, SVI, autoAmortized, decode, permutation, reconstruct } from '@aevb/inference';
import type { ImageSet } from '../data/image-set.js';
import { batchTensor, imagesTensor } from '../data/tensors.js';
import { vae, type VaeConfig } from '../vae/model.js';
import type { DemoSettings } from './settings.js';
import type { EpochReport, InitialModel, PageSvi, TrainerListener, TrainerState } from './trainer-types.js';

export type { EpochReport, InitialModel, PageSvi, StepReport, TrainerListener, TrainerState } from './trainer-types.js';

/** Lets the browser handle input and paint between steps (no 4 ms timer clamp, no background throttling). */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

/**
 * Trains the paper's VAE (Adam, analytic-KL ELBO, `autoAmortized` encoder) on an image set,
 * one awaited `svi.step` at a time so a page stays responsive and can pause.
 *
 * @category Web
 */
export class VaeTrainer {
  /** The SVI object (parameters, optimizer). */
  readonly svi: PageSvi;
  /** The model's architecture. */
  readonly config: VaeConfig;
  /** Epochs completed. */
  epoch = 0;
  private stepInEpoch = 0;
  private order: Int32Array | undefined;
  private stateValue: TrainerState = 'idle';
  private stopRequested = false;
  private readonly xTest: Tensor2D;
  private epochElboSum = 0;
  private epochSeconds = 0;
  private totalSeconds = 0;
  private totalExamples = 0;

  /**
   * @param train - training images
   * @param test - test images (for the test ELBO)
   * @param settings - sizes, epochs, learning rate, seed
   * @param initial - a trained model to continue from (its architecture wins over `settings`)
   */
  constructor(
    readonly train: ImageSet,
    readonly test: ImageSet,
    readonly settings: DemoSettings,
    initial?: InitialModel,
  ) {
    const dataDim = train.height * train.width;
    this.config = initial?.config ?? { dataDim, latent: settings.latent, hidden: settings.hidden, decoder: 'bernoulli', init: 'glorot' };
    const model = vae(this.config);
    const guide = autoAmortized(model, { hidden: initial?.config.encoderHidden ?? [this.config.hidden], activation: 'tanh' });
    this.svi = new SVI({
      model,
      guide,
      optimizer: new Adam({ learningRate: settings.lr }),
      seed: settings.seed,
      ...(initial === undefined ? {} : { params: initial.store }),
    });
    this.xTest = imagesTensor(test);
  }

  /** Current state. */
  get state(): TrainerState {
    return this.stateValue;
  }

  /** Steps per epoch (the last partial minibatch is dropped). */
  get stepsPerEpoch(): number {
    return Math.max(1, Math.floor(this.train.n / this.settings.batch));
  }

  /** Training throughput over all steps so far (examples per second of step time). */
  get examplesPerSecond(): number {
    return this.totalSeconds > 0 ? this.totalExamples / this.totalSeconds : 0;
  }

  /** The ELBO per datapoint on the test images (creates the parameters on first use). */
  async testElbo(): Promise<number> {
    const chunk = 500;
    let total = 0;
    for (let start = 0; start < this.test.n; start += chunk) {
      const size = Math.min(chunk, this.test.n - start);
      const x = tf.slice(this.xTest, [start, 0], [size, -1]) as Tensor2D;
      total += (await this.svi.evaluate(x)) * size;
      x.dispose();
    }
    return total / this.test.n;
  }

  /** Asks a running {@link run} to stop after the current step. */
  pause(): void {
    this.stopRequested = true;
  }

  /**
   * Trains until `settings.epochs` epochs are done or {@link pause} is called; resumes where a
   * paused run stopped. Resolves with the state reached (`'paused'` or `'done'`).
   */
  async run(listener: TrainerListener = {}): Promise<TrainerState> {
    if (this.stateValue === 'running' || this.stateValue === 'done') return this.stateValue;
    this.stateValue = 'running';
    this.stopRequested = false;
    const { batch } = this.settings;
    const steps = this.stepsPerEpoch;
    try {
      while (this.epoch < this.settings.epochs) {
        if (this.order === undefined) this.order = permutation(this.train.n, this.settings.seed * 7919 + this.epoch + 1);
        while (this.stepInEpoch < steps) {
          if (this.stopRequested) {
            this.stateValue = 'paused';
            return this.stateValue;
          }
          const t0 = performance.now();
          const idx = this.order.subarray(this.stepInEpoch * batch, (this.stepInEpoch + 1) * batch);
          const x = batchTensor(this.train, idx);
          const r = await this.svi.step(x, this.train.n);
          x.dispose();
          const dt = (performance.now() - t0) / 1000;
          this.epochSeconds += dt;
          this.totalSeconds += dt;
          this.totalExamples += idx.length;
          this.epochElboSum += r.elbo;
          this.stepInEpoch++;
          listener.onStep?.({ epoch: this.epoch, step: this.stepInEpoch, stepsPerEpoch: steps, elbo: r.elbo, examplesPerSecond: this.examplesPerSecond });
          await yieldToEventLoop();
        }
        const report: EpochReport = {
          epoch: this.epoch + 1,
          trainElbo: this.epochElboSum / steps,
          testElbo: await this.testElbo(),
          seconds: this.epochSeconds,
          examplesPerSecond: (steps * batch) / this.epochSeconds,
        };
        this.epoch++;
        this.stepInEpoch = 0;
        this.order = undefined;
        this.epochElboSum = 0;
        this.epochSeconds = 0;
        await listener.onEpoch?.(report);
        await yieldToEventLoop();
      }
      this.stateValue = 'done';
      return this.stateValue;
    } catch (e) {
      this.stateValue = 'paused';
      throw e;
    }
  }

  /** Decoder means p(x | z) for `n` latent codes (row-major `[n, latent]` values). */
  async decodeMeans(z: Float32Array, n: number): Promise<Float32Array> {
    const zt = tf.tensor2d(z, [n, this.config.latent]);
    const dummy = tf.zeros([n, this.config.dataDim]) as Tensor2D;
    const out = decode(this.svi, dummy, { z: zt })['x'] as tf.Tensor;
    const v = (await out.data()) as Float32Array;
    tf.dispose([zt, dummy, out]);
    return v;
  }

  /** The first `n` test images and their reconstructions (decoder mean at the encoder mean). */
  async reconstructions(n: number): Promise<[Float32Array, Float32Array]> {
    const m = Math.min(n, this.test.n);
    const x = tf.slice(this.xTest, [0, 0], [m, -1]) as Tensor2D;
    const rec = reconstruct(this.svi, x)['x'] as tf.Tensor;
    const v = (await rec.data()) as Float32Array;
    tf.dispose([x, rec]);
    const pixels = this.config.dataDim;
    return [this.test.images.slice(0, m * pixels), v];
  }

  /** Frees the test tensor, the parameters and the optimizer state. */
  dispose(): void {
    this.stopRequested = true;
    this.xTest.dispose();
    this.svi.params.clear();
    this.svi.optimizer.dispose();
  }
}
