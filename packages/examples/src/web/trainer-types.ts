/**
 * What the page's training loop reports, and what it starts from (types only).
 *
 * @module
 */
import type { ParamStore, Tensor2D } from '@aevb/core';
import type { SVI } from '@aevb/inference';
import type { VaeConfig } from '../vae/model.js';

/** A fitted VAE as the page holds it. @category Web */
export type PageSvi = SVI<{ z: Tensor2D }, Tensor2D>;

/** Where the trainer is. @category Web */
export type TrainerState = 'idle' | 'running' | 'paused' | 'done';

/** Reported after every step. @category Web */
export interface StepReport {
  /** Epoch in progress (0-based). */
  readonly epoch: number;
  /** Steps done in this epoch. */
  readonly step: number;
  /** Steps per epoch. */
  readonly stepsPerEpoch: number;
  /** The step's ELBO per datapoint (nats). */
  readonly elbo: number;
  /** Training throughput so far (examples per second of step time). */
  readonly examplesPerSecond: number;
}

/** Reported after every epoch. @category Web */
export interface EpochReport {
  /** Epochs completed (1-based). */
  readonly epoch: number;
  /** Mean minibatch ELBO of the epoch (nats per datapoint). */
  readonly trainElbo: number;
  /** ELBO on the test subset after the epoch. */
  readonly testElbo: number;
  /** Seconds spent in steps during the epoch. */
  readonly seconds: number;
  /** Examples per second of step time during the epoch. */
  readonly examplesPerSecond: number;
}

/** Callbacks of {@link VaeTrainer.run}. @category Web */
export interface TrainerListener {
  /** After each step. */
  readonly onStep?: (r: StepReport) => void;
  /** After each epoch (test ELBO included); may return a promise (e.g. to draw pictures). */
  readonly onEpoch?: (r: EpochReport) => void | Promise<void>;
}

/** A trained model to start from (e.g. one saved by `pnpm vae`). @category Web */
export interface InitialModel {
  /** Its architecture. */
  readonly config: VaeConfig & { readonly encoderHidden: readonly number[] };
  /** Its parameters. */
  readonly store: ParamStore;
}

