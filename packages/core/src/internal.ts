/**
 * `@aevb/core/internal`: what the other aevb packages need from core and users do not (seed
 * mixing, constraint comparisons, a fused likelihood op, checksums). Not part of the public API:
 * it may change in any release without notice. Import from `@aevb/core`, `@aevb/core/nn` or
 * `@aevb/core/ops` instead.
 *
 * @packageDocumentation
 */
export { isRealConstraint, sameElementwiseBase } from './constraint.js';
export { SeedStream, mixSeed, hashString, nextGlobalSeed } from './random.js';
export { bernoulliLogitsLogProb } from './ops/bernoulli-logits.js';
export { checksumBytes } from './params/serialize.js';
