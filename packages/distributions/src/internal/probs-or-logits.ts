/**
 * The "exactly one of `probs` and `logits`" parameterization shared by Bernoulli and
 * Categorical.
 *
 * @module
 * @internal
 */
import { ArgumentError } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { toFloat } from './convert.js';
import type { TensorInput } from './convert.js';

/**
 * Exactly one of `probs` and `logits`.
 *
 * @category Families
 */
export type ProbsOrLogits =
  | { readonly probs: TensorInput; readonly logits?: never }
  | { readonly logits: TensorInput; readonly probs?: never };

/** The converted parameter, tagged by which one was given. @internal */
export type GivenProbsOrLogits = { readonly probs: Tensor } | { readonly logits: Tensor };

/**
 * Converts the given parameter, throwing an `ArgumentError` naming `fn` unless exactly one
 * of the two is present. @internal
 */
export function probsOrLogits(fn: string, params: ProbsOrLogits): GivenProbsOrLogits {
  if ((params.probs === undefined) === (params.logits === undefined)) {
    throw new ArgumentError(fn, 'params', 'must give exactly one of probs and logits');
  }
  return params.logits !== undefined
    ? { logits: toFloat(params.logits, 'logits', fn) }
    : { probs: toFloat(params.probs as TensorInput, 'probs', fn) };
}

/** The given tensor, whichever it is. @internal */
export function givenTensor(given: GivenProbsOrLogits): Tensor {
  return 'logits' in given ? given.logits : given.probs;
}
