/**
 * Building a variational family on a constrained support: a Normal in unconstrained space,
 * pushed through the support's default bijector.
 *
 * @module
 */
import { ModelError, isRealConstraint, tf, type Constraint, type Distribution, type Tensor, type Transform } from '@aevb/core';
import { Independent, Normal, TransformedDistribution, type DistributionBase } from '@aevb/distributions';

/** The elementwise constraint under any `independent(…)` wrappers. @category Guides */
export function baseSupport(support: Constraint): Constraint {
  let base = support;
  while (base.spec.kind === 'independent') base = base.spec.base;
  return base;
}

/** The transform from unconstrained reals to `support` (identity → undefined). @category Guides */
export function supportTransform(site: string, support: Constraint): Transform | undefined {
  // independent(c, n): the bijector acts elementwise on c.
  if (isRealConstraint(support)) return undefined;
  const base = baseSupport(support);
  if (!base.isContinuous) {
    throw new ModelError(
      `has discrete support '${base.name}': automatic guides need a continuous latent (use a hand-written guide with a score-function family)`,
      site,
    );
  }
  if (base.defaultTransform === undefined) throw new ModelError(`support '${base.name}' has no default bijector`, site);
  return base.defaultTransform();
}

/**
 * Refuses, naming the site, a support bijector that is not a bijection of a whole unconstrained
 * tensor: elementwise bijectors and shape-changing event bijectors (stick breaking, which states
 * its shapes) are; the Cholesky bijectors ignore the upper triangle of their input, whose
 * coordinates would be free directions of q (an unbounded entropy) or of an MCMC target.
 *
 * @internal
 */
export function requireBijection(site: string, support: Constraint, transform: Transform | undefined, who: string): void {
  if (transform === undefined || transform.eventDim === 0) return;
  if (transform.forwardShape !== undefined && transform.inverseShape !== undefined) return;
  throw new ModelError(
    `the bijector ${transform.name} of support '${support.name}' is not a bijection of an unconstrained tensor; ${who} support elementwise bijectors and shape-changing event bijectors such as stick breaking (write a guide for this site)`,
    site,
  );
}

/**
 * `Normal(loc, scale)` (elementwise, value-shaped), pushed through `transform` when given,
 * with the rightmost `eventRank` dimensions reinterpreted as event dimensions.
 *
 * @category Guides
 */
export function normalOnSupport(
  site: string,
  loc: Tensor,
  scale: Tensor,
  transform: Transform | undefined,
  eventRank: number,
  support: Constraint,
): Distribution {
  const validate = { validateArgs: false };
  let d: DistributionBase = new Normal(loc, scale, validate);
  let rest = eventRank;
  if (transform !== undefined) {
    // Elementwise bijectors, and event bijectors that map a smaller unconstrained space onto the
    // support (stick breaking: R^{K−1} onto the K-simplex, `forwardShape` says so). Others (the
    // Cholesky bijectors ignore the upper triangle of a square input) are not bijections of the
    // whole Normal's space: a Normal over them would add free coordinates to q.
    requireBijection(site, support, transform, 'automatic Normal guides');
    if (transform.eventDim > eventRank) throw new ModelError(`the bijector ${transform.name} consumes ${transform.eventDim} event dimensions; the site has ${eventRank}`, site);
    if (transform.eventDim > 0) d = new Independent(d, transform.eventDim, validate);
    d = new TransformedDistribution(d, [transform], { ...validate, support });
    rest = eventRank - transform.eventDim;
  }
  return rest > 0 ? new Independent(d, rest, validate) : d;
}

/** The shape of `transform`'s unconstrained input for a value of shape `shape` (stick breaking: one less in the last dimension). @internal */
export function unconstrainedShape(shape: readonly number[], transform: Transform | undefined): number[] {
  return transform?.inverseShape === undefined ? [...shape] : transform.inverseShape(shape);
}

/** `log(exp(x) − 1)`, the inverse of softplus, for initializing scales. @category Guides */
export function softplusInverse(x: number): number {
  return x > 20 ? x : Math.log(Math.expm1(x));
}

/** Unconstrained image of a constrained tensor. @internal */
export function toUnconstrained(value: Tensor, transform: Transform | undefined): Tensor {
  return tf.tidy(() => (transform === undefined ? value.clone() : transform.inverse(value)));
}
