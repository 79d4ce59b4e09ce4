/**
 * Learning-rate schedules: pure functions from the number of updates already applied to a learning rate.
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';
import { checkNumber } from './slot-optimizer.js';
import type { LearningRate, Schedule } from './types.js';

function at(lr: LearningRate, step: number): number {
  return typeof lr === 'number' ? lr : lr(step);
}

function checkSteps(fn: string, arg: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) throw new ArgumentError(fn, arg, `must be a positive integer; got ${value}`);
}

/**
 * A constant learning rate: `lr(step) = value`.
 *
 * @category Schedules
 */
export function constantSchedule(value: number): Schedule {
  checkNumber('constantSchedule', 'value', value, 0, false);
  return () => value;
}

/**
 * Exponential decay: `lr(step) = initial * decayRate^(step / decaySteps)`, or with `staircase`
 * `initial * decayRate^floor(step / decaySteps)` (as `tf.keras`' ExponentialDecay).
 *
 * @category Schedules
 */
export function exponentialDecay(options: { readonly initial: number; readonly decayRate: number; readonly decaySteps: number; readonly staircase?: boolean }): Schedule {
  const { initial, decayRate, decaySteps, staircase = false } = options;
  checkNumber('exponentialDecay', 'initial', initial, 0, false);
  checkNumber('exponentialDecay', 'decayRate', decayRate, 0, true);
  checkSteps('exponentialDecay', 'decaySteps', decaySteps);
  return (step) => initial * Math.pow(decayRate, staircase ? Math.floor(step / decaySteps) : step / decaySteps);
}

/**
 * Step decay: multiply by `gamma` every `stepSize` updates, `lr(step) = initial * gamma^floor(step / stepSize)`
 * (PyTorch's StepLR).
 *
 * @category Schedules
 */
export function stepDecay(options: { readonly initial: number; readonly gamma: number; readonly stepSize: number }): Schedule {
  const { initial, gamma, stepSize } = options;
  checkNumber('stepDecay', 'initial', initial, 0, false);
  checkNumber('stepDecay', 'gamma', gamma, 0, true);
  checkSteps('stepDecay', 'stepSize', stepSize);
  return (step) => initial * Math.pow(gamma, Math.floor(step / stepSize));
}

/**
 * Cosine decay from `initial` to `initial * alpha` over `decaySteps` updates, then constant:
 *
 * ```text
 * lr(step) = initial * (alpha + (1 - alpha) * 0.5 * (1 + cos(pi * min(step, decaySteps) / decaySteps)))
 * ```
 *
 * @category Schedules
 */
export function cosineDecay(options: { readonly initial: number; readonly decaySteps: number; readonly alpha?: number }): Schedule {
  const { initial, decaySteps, alpha = 0 } = options;
  checkNumber('cosineDecay', 'initial', initial, 0, false);
  checkSteps('cosineDecay', 'decaySteps', decaySteps);
  checkNumber('cosineDecay', 'alpha', alpha, 0, false, 1, false);
  return (step) => {
    const cosine = 0.5 * (1 + Math.cos((Math.PI * Math.min(step, decaySteps)) / decaySteps));
    return initial * (alpha + (1 - alpha) * cosine);
  };
}

/**
 * Linear warmup in front of another learning rate: over the first `warmupSteps` updates the rate rises
 * linearly from `initial` (default 0) to `then`'s first value; afterwards `then` runs, shifted so that it
 * starts at step 0 (as optax's `join_schedules`):
 *
 * ```text
 * lr(step) = initial + (then(0) - initial) * step / warmupSteps   for step < warmupSteps
 * lr(step) = then(step - warmupSteps)                             otherwise
 * ```
 *
 * ```ts
 * const lr = linearWarmup({ warmupSteps: 100, then: cosineDecay({ initial: 1e-3, decaySteps: 10_000 }) });
 * ```
 *
 * @category Schedules
 */
export function linearWarmup(options: { readonly warmupSteps: number; readonly then: LearningRate; readonly initial?: number }): Schedule {
  const { warmupSteps, then, initial = 0 } = options;
  checkSteps('linearWarmup', 'warmupSteps', warmupSteps);
  checkNumber('linearWarmup', 'initial', initial, 0, false);
  if (typeof then === 'number') checkNumber('linearWarmup', 'then', then, 0, false);
  const peak = at(then, 0);
  return (step) => (step < warmupSteps ? initial + ((peak - initial) * step) / warmupSteps : at(then, step - warmupSteps));
}
