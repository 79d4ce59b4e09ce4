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
export { Laplace } from './laplace.js';
export { Exponential } from './exponential.js';
export { Uniform } from './uniform.js';
export { Gamma } from './gamma.js';
export { Beta } from './beta.js';
export { Dirichlet } from './dirichlet.js';
export { Bernoulli } from './bernoulli.js';
export type { BernoulliParams } from './bernoulli.js';
export { Categorical } from './categorical.js';
export type { CategoricalParams } from './categorical.js';
export { Independent } from './independent.js';
