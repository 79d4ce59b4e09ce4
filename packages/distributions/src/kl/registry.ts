/**
 * The KL registry: closed-form KL(p ‖ q) by distribution pair, with nearest-pair lookup
 * over both class hierarchies.
 *
 * @module
 */
import { AevbError, tf } from '@aevb/core';
import type { Distribution, Tensor } from '@aevb/core';
import { klRules } from './rules.js';

/** A constructor of distributions of type `T` (abstract classes included). @category KL divergence */
export type DistributionClass<T extends Distribution> = abstract new (...args: never[]) => T;

/**
 * One closed-form KL(p ‖ q): the pair of classes and the function. The result has the
 * broadcast batch shape of p and q.
 *
 * @category KL divergence
 */
export interface KLRule<P extends Distribution = Distribution, Q extends Distribution = Distribution> {
  /** Class of p. */
  readonly p: DistributionClass<P>;
  /** Class of q. */
  readonly q: DistributionClass<Q>;
  /** KL(p ‖ q), batch-shaped. */
  readonly fn: (p: P, q: Q) => Tensor;
}

/**
 * No closed-form KL is registered for the pair. Inference catches it (or asks
 * {@link hasClosedFormKL} first) and falls back to the Monte Carlo estimator for that site.
 *
 * @category KL divergence
 */
export class NoClosedFormKLError extends AevbError {
  override readonly name: string = 'NoClosedFormKLError';
  /** @param p - family of p @param q - family of q */
  constructor(p: string, q: string) {
    super(`no closed-form KL(${p} || ${q}) is registered`);
  }
}

const rules: KLRule[] = [];
let initialized = false;

function ensure(): void {
  if (initialized) return;
  initialized = true;
  for (const r of klRules()) registerKL(r);
}

/**
 * Registers a rule. Refuses a second rule for the same pair of classes.
 *
 * @category KL divergence
 */
export function registerKL<P extends Distribution, Q extends Distribution>(rule: KLRule<P, Q>): void {
  ensure();
  if (rules.some((r) => r.p === rule.p && r.q === rule.q)) {
    throw new AevbError(`a KL rule for (${rule.p.name}, ${rule.q.name}) is already registered`);
  }
  rules.push(rule as unknown as KLRule);
}

/** Distance of class `c` from `obj`'s class up its prototype chain (−1 if unrelated). */
function depth(obj: object, c: DistributionClass<Distribution>): number {
  let proto: unknown = Object.getPrototypeOf(obj);
  for (let d = 0; proto !== null && proto !== undefined; d++) {
    if (proto === c.prototype) return d;
    proto = Object.getPrototypeOf(proto);
  }
  return -1;
}

/**
 * The registered rule nearest to (p, q) over both class hierarchies (smallest summed
 * distance; ties: nearer p), or undefined.
 *
 * @category KL divergence
 */
export function findKLRule(p: Distribution, q: Distribution): KLRule | undefined {
  ensure();
  let best: KLRule | undefined;
  let bestScore = Infinity;
  for (const r of rules) {
    const dp = depth(p, r.p);
    const dq = depth(q, r.q);
    if (dp < 0 || dq < 0) continue;
    const score = (dp + dq) * 1000 + dp;
    if (score < bestScore) {
      bestScore = score;
      best = r;
    }
  }
  if (best !== undefined && best.p === undefined) return undefined;
  return best;
}

/**
 * Is there a closed-form KL(p ‖ q)? Rules may refuse particular instances (e.g. Independent
 * pairs whose bases have no rule); this asks them.
 *
 * @category KL divergence
 */
export function hasClosedFormKL(p: Distribution, q: Distribution): boolean {
  const r = findKLRule(p, q);
  if (r === undefined) return false;
  const check = (r as KLRule & { readonly applies?: (p: Distribution, q: Distribution) => boolean }).applies;
  return check === undefined ? true : check(p, q);
}

/**
 * KL(p ‖ q) in closed form, shape = broadcast batch shape. Throws
 * {@link NoClosedFormKLError} when no rule applies.
 *
 * @example
 * ```ts
 * import { kl, Normal } from '@aevb/distributions';
 * kl(new Normal(0, 1), new Normal(1, 2)).print();
 * ```
 * @category KL divergence
 */
export function kl(p: Distribution, q: Distribution): Tensor {
  if (!hasClosedFormKL(p, q)) throw new NoClosedFormKLError(p.family, q.family);
  const r = findKLRule(p, q) as KLRule;
  return tf.tidy(() => r.fn(p, q));
}
