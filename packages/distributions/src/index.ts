/**
 * `@aevb/distributions`: distribution families, constraints, special functions.
 *
 * @packageDocumentation
 */
export { DistributionBase } from './distribution.js';
export type { DistributionOptions, SampleAndLogProbOptions, SampleWithLogProb } from './distribution.js';
export { parameterTransform } from './parameters.js';
export type { ParameterProperties, ParameterTable } from './parameters.js';
export type { TensorInput } from './internal/convert.js';
export { setValidation, validationEnabled } from './validation.js';
export { Normal } from './normal.js';
