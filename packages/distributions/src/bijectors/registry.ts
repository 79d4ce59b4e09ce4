/**
 * The default bijector of each constraint: what `Constraint.defaultTransform()` returns and what
 * guides and the parameter store use to optimize a constrained value in unconstrained space.
 *
 * | constraint | bijector |
 * | --- | --- |
 * | real, realVector | identity |
 * | positive, nonnegative | Softplus (scale parameters: additive steps when large, no exp overflow) |
 * | interval(0, 1) | Sigmoid |
 * | interval(a, b) | Sigmoid then Affine(a, b - a) |
 * | greaterThan(a) | Exp then Affine(a, 1) |
 * | lessThan(b) | Exp then Affine(b, -1) |
 * | simplex | StickBreaking |
 * | lowerCholesky | LowerCholesky |
 * | positiveDefinite | LowerCholesky then CholeskyOuter (L L^T) |
 * | independent(c, n) | c's bijector with log-det summed over n more axes |
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';
import type { ConstraintSpec } from '../constraints.js';
import { AffineBijector } from './affine.js';
import type { Bijector } from './bijector.js';
import { ChainBijector } from './chain.js';
import { CholeskyOuterBijector } from './cholesky-outer.js';
import { ExpBijector } from './exp.js';
import { IdentityBijector } from './identity.js';
import { IndependentBijector } from './independent.js';
import { LowerCholeskyBijector } from './lower-cholesky.js';
import { SigmoidBijector } from './sigmoid.js';
import { SoftplusBijector } from './softplus.js';
import { StickBreakingBijector } from './stick-breaking.js';

/**
 * The default bijector from unconstrained reals onto the set described by `spec`.
 * Throws an ArgumentError for discrete sets, which have none.
 *
 * @category Bijectors
 */
export function defaultTransformFor(spec: ConstraintSpec): Bijector {
  switch (spec.kind) {
    case 'real':
      return new IdentityBijector(0);
    case 'realVector':
      return new IdentityBijector(1);
    case 'positive':
    case 'nonnegative':
      return new SoftplusBijector();
    case 'interval':
      if (spec.lower === 0 && spec.upper === 1) return new SigmoidBijector();
      return new ChainBijector([new SigmoidBijector(), new AffineBijector(spec.lower, spec.upper - spec.lower)]);
    case 'greaterThan':
      return new ChainBijector([new ExpBijector(), new AffineBijector(spec.lower, 1)]);
    case 'lessThan':
      return new ChainBijector([new ExpBijector(), new AffineBijector(spec.upper, -1)]);
    case 'simplex':
      return new StickBreakingBijector();
    case 'lowerCholesky':
      return new LowerCholeskyBijector();
    case 'positiveDefinite':
      return new ChainBijector([new LowerCholeskyBijector(), new CholeskyOuterBijector()]);
    case 'independent':
      return new IndependentBijector(defaultTransformFor(spec.base.spec), spec.reinterpretedDims);
    case 'boolean':
    case 'nonnegativeInteger':
    case 'integerInterval':
    case 'oneHot':
      throw new ArgumentError('defaultTransformFor', 'spec', `'${spec.kind}' is discrete and has no bijector`);
    case 'dependent':
      throw new ArgumentError('defaultTransformFor', 'spec', 'a parameter-dependent set has its own defaultTransform, not a registry entry');
  }
}
