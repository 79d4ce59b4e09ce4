/**
 * The one list of closed-form KL rules, registered by the registry on first use (no
 * module-level side effects for bundlers to drop). Each family contributes its rules here.
 *
 * @module
 */
import type { KLRule } from './registry.js';
import {
  klBernoulliBernoulli,
  klCategoricalCategorical,
  klExponentialExponential,
  klIndependentIndependent,
  klLaplaceLaplace,
  klNormalNormal,
  klUniformUniform,
} from './basic-rules.js';
import { klBetaBeta, klDirichletDirichlet, klGammaGamma } from './gamma-family-rules.js';
import {
  klGumbelGumbel,
  klHalfNormalHalfNormal,
  klLogNormalLogNormal,
  klLowRankMultivariateNormalMultivariateNormal,
  klMultivariateNormalMultivariateNormal,
  klPoissonPoisson,
  klTransformedTransformed,
} from './more-rules.js';
import { klBinomialBinomial, klGeometricGeometric, klOneHotCategoricalOneHotCategorical } from './discrete-rules.js';

/** Every built-in rule. @internal */
export function klRules(): readonly KLRule[] {
  return [
    klNormalNormal,
    klLaplaceLaplace,
    klUniformUniform,
    klExponentialExponential,
    klBernoulliBernoulli,
    klCategoricalCategorical,
    klIndependentIndependent,
    klGammaGamma,
    klBetaBeta,
    klDirichletDirichlet,
    klMultivariateNormalMultivariateNormal,
    klLowRankMultivariateNormalMultivariateNormal,
    klLogNormalLogNormal,
    klHalfNormalHalfNormal,
    klPoissonPoisson,
    klGumbelGumbel,
    klTransformedTransformed,
    klOneHotCategoricalOneHotCategorical,
    klBinomialBinomial,
    klGeometricGeometric,
  ] as unknown as readonly KLRule[];
}
