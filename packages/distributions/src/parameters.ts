/**
 * Parameter properties: what each family declares about its parameters, so that code
 * that builds distributions from unconstrained numbers (automatic guides, the parameter
 * store) knows how to make them valid.
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';
import type { Constraint, Transform } from '@aevb/core';

/**
 * What a family declares about one of its parameters: the set it lives in, how many
 * rightmost dimensions one value of it has, and how to map unconstrained reals onto it.
 * An automatic amortized guide reads these to turn raw network outputs into valid
 * parameters.
 *
 * @category Distributions
 */
export interface ParameterProperties {
  /** The set the parameter lives in. */
  readonly constraint: Constraint;
  /** Rightmost dimensions of one parameter value (0 for `loc`, 1 for `probs` of a `Categorical`). */
  readonly eventDim: number;
  /**
   * The bijection from unconstrained reals to use for this parameter, when it differs from
   * `constraint.defaultTransform` (omitted: use the constraint's).
   */
  readonly transform?: () => Transform;
}

/**
 * A family's table of {@link ParameterProperties}, keyed by parameter name.
 *
 * @category Distributions
 */
export type ParameterTable<P extends string = string> = { readonly [K in P]: ParameterProperties };

/**
 * The transform that maps unconstrained reals onto a parameter: the property's own
 * `transform`, else its constraint's default. Throws for discrete parameters.
 *
 * @category Distributions
 */
export function parameterTransform(family: string, name: string, props: ParameterProperties): Transform {
  const make = props.transform ?? props.constraint.defaultTransform?.bind(props.constraint);
  if (make === undefined) {
    throw new ArgumentError(family, name, `has constraint ${props.constraint.name}, which has no default transform`);
  }
  return make();
}
