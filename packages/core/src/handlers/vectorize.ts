/**
 * `vectorize`: run K independent copies of a model or guide at once, along a new batch
 * dimension.
 *
 * @module
 */
import type { Runnable } from '../model.js';
import { ArgumentError, ModelError, formatShape } from '../errors.js';
import { innermostMessenger, type Messenger } from '../runtime.js';
import type { Distribution } from '../distribution.js';
import type { Draft, Site } from '../site.js';
import { handle } from './handle.js';

const KIND = 'vectorize';

/** The particle dimension of a vectorized run. @category Handlers */
export interface ParticleDim {
  /** Number of copies K. */
  readonly count: number;
  /** The batch dimension (negative, left of every plate's) that indexes the copies. */
  readonly dim: number;
}

interface VectorizeMessenger extends Messenger {
  readonly particles: ParticleDim;
}

/**
 * The particle dimension of the innermost `vectorize` handler, if one is installed.
 *
 * @category Handlers
 */
export function currentParticles(): ParticleDim | undefined {
  return (innermostMessenger(KIND) as VectorizeMessenger | undefined)?.particles;
}

/**
 * Runs `fn` as `count` independent copies at once (Pyro's `vectorize_particles`): every sample
 * site's distribution is expanded to hold the copies at batch dimension `dim` (left of every
 * plate's dimension), so latent values gain that dimension and everything computed from them
 * carries it. Works for models written with broadcasting operations; a model that reduces
 * over all axes or reshapes its latents mixes the copies, which is why inference checks a
 * vectorized run against sequential ones before trusting it. Observed data need not have the
 * dimension. Declared latent ranks count it.
 *
 * @example
 * ```ts
 * const t = trace(vectorize(seed(myGuide, 0), { count: 10, dim: -2 })).getTrace(x); // 10 draws per latent
 * ```
 * @category Handlers
 */
export function vectorize<F extends Runnable<never, unknown>>(fn: F, particles: ParticleDim): F {
  const { count, dim } = particles;
  if (!Number.isInteger(count) || count < 1) throw new ArgumentError('vectorize', 'count', `must be a positive integer, got ${count}`);
  if (!Number.isInteger(dim) || dim >= 0) throw new ArgumentError('vectorize', 'dim', `must be a negative integer, got ${dim}`);
  const m: VectorizeMessenger = {
    kind: KIND,
    particles: { count, dim },
    process(site: Draft<Site>) {
      if (site.type !== 'sample') return;
      site.fn = expandParticles(site.name, site.fn, count, dim);
    },
  };
  return handle(fn, m);
}

/** `dist` with batch dimension `dim` of size `count` (broadcast from 1 or added). @internal */
export function expandParticles(site: string, dist: Distribution, count: number, dim: number): Distribution {
  const batch = dist.batchShape;
  const rank = Math.max(batch.length, -dim);
  const target = Array.from({ length: rank }, (_, i) => batch[i - (rank - batch.length)] ?? 1);
  const at = rank + dim;
  const have = target[at] as number;
  if (have !== 1 && have !== count) {
    throw new ModelError(
      `cannot vectorize ${count} particles at batch dim ${dim}: the distribution ${dist.family} has size ${have} there (batch shape ${formatShape(batch)})`,
      site,
    );
  }
  target[at] = count;
  if (target.length === batch.length && target.every((d, i) => d === batch[i])) return dist;
  if (typeof dist.expand !== 'function') {
    throw new ModelError(`cannot vectorize: the distribution ${dist.family} has no expand method`, site);
  }
  return dist.expand(target);
}
