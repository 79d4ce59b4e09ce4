/**
 * Comparing constraints structurally: `realVector` and `independent(real, 1)` are the same set.
 * The one definition every package uses (the parameter store, automatic guides, the particle
 * check); names are for messages and files only.
 *
 * @module
 */
import type { Constraint, ConstraintSpec } from './distribution.js';

/**
 * A constraint as (elementwise base, number of reinterpreted event dimensions): `realVector` is
 * (real, 1), `independent(independent(positive, 1), 1)` is (positive, 2).
 *
 * @category Distributions
 */
export function normalizeConstraint(c: Constraint): { readonly base: Exclude<ConstraintSpec, { readonly kind: 'independent' }>; readonly eventDims: number } {
  let spec: ConstraintSpec = c.spec;
  let dims = 0;
  for (;;) {
    if (spec.kind === 'independent') {
      dims += spec.reinterpretedDims;
      spec = spec.base.spec;
    } else if (spec.kind === 'realVector') {
      return { base: { kind: 'real' }, eventDims: dims + 1 };
    } else {
      return { base: spec, eventDims: dims };
    }
  }
}

const dependentIds = new WeakMap<Constraint, number>();
let nextDependentId = 0;

/** A canonical string of a constraint's structure (equal iff {@link sameConstraint}). @category Distributions */
export function constraintKey(c: Constraint): string {
  const { base, eventDims } = normalizeConstraint(c);
  const parts: string[] = [base.kind];
  if (base.kind === 'dependent') {
    // Parameter-dependent sets are the same set only as the same object.
    let inner = c;
    while (inner.spec.kind === 'independent') inner = inner.spec.base;
    let id = dependentIds.get(inner);
    if (id === undefined) dependentIds.set(inner, (id = nextDependentId++));
    parts.push(`#${id}`);
  }
  if ('lower' in base) parts.push(`lower=${base.lower}`);
  if ('upper' in base) parts.push(`upper=${base.upper}`);
  return eventDims === 0 ? parts.join(';') : `${parts.join(';')}^${eventDims}`;
}

/**
 * Are two constraints the same set of values? Structural: `realVector` equals
 * `independent(real, 1)`; names are never compared.
 *
 * @example
 * ```ts
 * sameConstraint(realVector, independent(real, 1)); // true
 * ```
 * @category Distributions
 */
export function sameConstraint(a: Constraint, b: Constraint): boolean {
  return constraintKey(a) === constraintKey(b);
}

/**
 * Do `a` and `b` differ only in how many rightmost dimensions they group into one event, with
 * the same elementwise base (e.g. `real` and `realVector`)? Then a value in one is in the other.
 *
 * @category Distributions
 */
export function sameElementwiseBase(a: Constraint, b: Constraint): boolean {
  return constraintKey(a).split('^')[0] === constraintKey(b).split('^')[0];
}

/** Is the constraint all reals (any event grouping), so its transform is the identity? @category Distributions */
export function isRealConstraint(c: Constraint): boolean {
  return normalizeConstraint(c).base.kind === 'real';
}
