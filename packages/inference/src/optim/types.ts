/**
 * The optimizer contract shared by every update rule, its checkpoint state, and learning-rate schedules.
 *
 * @module
 */
import type { tf } from '@aevb/core';

/**
 * A learning-rate schedule: maps the number of updates already applied (0 for the first update)
 * to the learning rate of the next one. Must be pure and return a finite number.
 *
 * @category Optimizers
 */
export type Schedule = (step: number) => number;

/**
 * A learning rate given as a constant or as a {@link Schedule}.
 *
 * @category Optimizers
 */
export type LearningRate = number | Schedule;

/**
 * One optimizer slot of one variable (e.g. Adam's first moment of `decoder.w`), as plain data.
 *
 * @category Optimizers
 */
export interface SlotState {
  /** The slot's shape (the variable's shape). */
  readonly shape: readonly number[];
  /** The slot's values in row-major order (float32 values widened to numbers). */
  readonly values: readonly number[];
}

/**
 * Serializable optimizer state for checkpoints (JSON-safe): the optimizer's name, the number of
 * updates applied, and every slot of every variable seen so far.
 *
 * @category Optimizers
 */
export interface OptimizerState {
  /** {@link Optimizer.name} of the optimizer that produced the state; `setState` checks it. */
  readonly name: string;
  /** Number of updates applied so far. */
  readonly step: number;
  /** Slots keyed by variable name, then by slot name (see each optimizer for its slot names). */
  readonly slots: Readonly<Record<string, Readonly<Record<string, SlotState>>>>;
}

/**
 * A first-order update rule over a set of named `tf.Variable`s (the parameter store's unconstrained
 * variables). Gradients are those of the loss being *minimized* (e.g. the negative ELBO estimate).
 *
 * @category Optimizers
 */
export interface Optimizer {
  /** A short name identifying the rule and its wrappers, e.g. `adam` or `clip-norm(adam)`. */
  readonly name: string;
  /**
   * Applies one update given gradients keyed by variable name (same keys as `variables`; a variable
   * without a gradient is left untouched). Disposes nothing it doesn't own.
   */
  apply(variables: Readonly<Record<string, tf.Variable>>, grads: Readonly<Record<string, tf.Tensor>>): void;
  /** Serializable state for checkpoints: step count and per-variable slots, as plain arrays + shapes. */
  getState(): Promise<OptimizerState>;
  /** Restores a state from {@link Optimizer.getState}; the next update equals the one the saved optimizer would make. */
  setState(state: OptimizerState): void;
  /** Frees the optimizer's slot tensors. The optimizer must not be used afterwards. */
  dispose(): void;
}
