/**
 * Optimizers for SGVB fitting over named `tf.Variable`s, their wrappers and learning-rate schedules.
 *
 * @module
 */
export type { Optimizer, OptimizerState, SlotState, Schedule, LearningRate } from './types.js';
export { Adam } from './adam.js';
export type { AdamOptions } from './adam.js';
export { Adagrad } from './adagrad.js';
export type { AdagradOptions } from './adagrad.js';
export { SGD } from './sgd.js';
export type { SGDOptions } from './sgd.js';
export { globalNorm, withGlobalNormClipping, withValueClipping } from './clipping.js';
export { gaussianPriorCoefficient, withL2Decay, withDecoupledWeightDecay } from './weight-decay.js';
export type { DecayFilter, DecoupledWeightDecayOptions } from './weight-decay.js';
export { constantSchedule, exponentialDecay, stepDecay, cosineDecay, linearWarmup } from './schedules.js';
