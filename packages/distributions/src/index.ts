/**
 * `@aevb/distributions`: distribution families, bijectors, constraints and the KL registry
 * (`kl`, `registerKL`; the built-in closed-form rules are not exported: `kl` finds them). Special functions for writing your own log-densities are in
 * `@aevb/distributions/special`.
 *
 * @packageDocumentation
 */
export { DistributionBase } from './distribution.js';
export type { DistributionOptions, SampleAndLogProbOptions, SampleWithLogProb } from './distribution.js';
export { parameterTransform } from './parameters.js';
export type { ParameterProperties, ParameterTable } from './parameters.js';
// Types of the public constructors' arguments (defined beside their converters under internal/).
export type { TensorInput } from './internal/convert.js';
export type { ParameterCondition } from './validation.js';
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
// The argument type of Bernoulli, Categorical and Binomial (defined beside its converter).
export type { ProbsOrLogits } from './internal/probs-or-logits.js';
export { Independent } from './independent.js';
export {
  real,
  realVector,
  positive,
  nonnegative,
  unitInterval,
  interval,
  greaterThan,
  lessThan,
  simplex,
  lowerCholesky,
  positiveDefinite,
  boolean,
  nonnegativeInteger,
  integerInterval,
  independent,
  oneHot,
} from './constraints.js';
export type { ConstraintSpec, DistConstraint } from './constraints.js';
export { Bijector } from './bijectors/bijector.js';
export { IdentityBijector } from './bijectors/identity.js';
export { ExpBijector } from './bijectors/exp.js';
export { SoftplusBijector } from './bijectors/softplus.js';
export { SigmoidBijector } from './bijectors/sigmoid.js';
export { TanhBijector } from './bijectors/tanh.js';
export { AffineBijector } from './bijectors/affine.js';
export { PowerBijector } from './bijectors/power.js';
export { LowerCholeskyBijector } from './bijectors/lower-cholesky.js';
export { CholeskyOuterBijector } from './bijectors/cholesky-outer.js';
export { StickBreakingBijector } from './bijectors/stick-breaking.js';
export { ChainBijector } from './bijectors/chain.js';
export { InverseBijector } from './bijectors/inverse.js';
export { IndependentBijector } from './bijectors/independent.js';
export { defaultTransformFor } from './bijectors/registry.js';
export { MultivariateNormal } from './multivariate-normal.js';
export type { MvnScale } from './multivariate-normal.js';
export { LowRankMultivariateNormal } from './low-rank-multivariate-normal.js';
export { kl, hasClosedFormKL, registerKL, findKLRule, NoClosedFormKLError } from './kl/registry.js';
export type { KLRule, DistributionClass } from './kl/registry.js';
export { Delta } from './delta.js';
export type { DeltaOptions } from './delta.js';
export { TransformedDistribution } from './transformed.js';
export type { TransformedOptions } from './transformed.js';
export { HalfNormal } from './half-normal.js';
export { Cauchy } from './cauchy.js';
export { Poisson } from './poisson.js';
export { LogNormal } from './log-normal.js';
export { Logistic } from './logistic.js';
export { StudentT } from './student-t.js';
export { Gumbel } from './gumbel.js';
export { HalfCauchy } from './half-cauchy.js';
export { Binomial } from './binomial.js';
export type { BinomialParams } from './binomial.js';
export { Geometric } from './geometric.js';
export { OneHotCategorical } from './one-hot-categorical.js';
export { MixtureSameFamily } from './mixture-same-family.js';
export { GaussianRandomWalk } from './gaussian-random-walk.js';
export type { GaussianRandomWalkOptions } from './gaussian-random-walk.js';
export { AR1 } from './ar1.js';
export type { AR1Options, AR1Params } from './ar1.js';
