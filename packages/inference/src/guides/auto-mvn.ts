/**
 * The full-rank automatic guide: one multivariate Normal over all latents in unconstrained space.
 *
 * @module
 */
import {
  guide as defineGuide,
  ModelError,
  tf,
  type AnyModel,
  type ArgsOf,
  type Guide,
  type GuideContext,
  type LatentsOf,
  type LatentSpec,
  type LatentValues,
  type Tensor,
  type Transform,
} from '@aevb/core';
import { Delta, lowerCholesky, MultivariateNormal } from '@aevb/distributions';
import { inPlates } from './auto-normal.js';
import { prototypeOf, type LatentInfo, type Prototype } from './prototype.js';
import { supportTransform, toUnconstrained } from './transforms.js';

/** Options of {@link autoMultivariateNormal}. @category Guides */
export interface AutoMultivariateNormalOptions {
  /** Initial standard deviation of every coordinate (the diagonal of the Cholesky factor). Default 0.1. */
  readonly initScale?: number;
  /** Initial location: the prototype's prior draw (`'sample'`) or the unconstrained origin (`'zero'`). Default `'sample'`. */
  readonly initLoc?: 'sample' | 'zero';
  /** Prefix of the guide's parameter names. Default `'autoMvn'`. */
  readonly prefix?: string;
}

/** Name of the guide-only site that carries the joint draw. @category Guides */
export const AUTO_LATENT = '_auto_latent';

interface Block {
  readonly site: LatentInfo;
  readonly transform: Transform | undefined;
  /** Shape of the unconstrained value. */
  readonly shape: readonly number[];
  readonly offset: number;
  readonly size: number;
}

// The initial location is kept as numbers: tensors of the first run may be disposed by its tidy scope.
function layout(proto: Prototype): { blocks: Block[]; dim: number; init: Float32Array } {
  const blocks: Block[] = [];
  let offset = 0;
  const inits: Tensor[] = [];
  for (const site of proto.latents) {
    const transform = supportTransform(site.name, site.prior.support);
    const value = tf.tensor(site.initial, [...site.shape]);
    const u = toUnconstrained(value, transform);
    value.dispose();
    const size = u.size;
    blocks.push({ site, transform, shape: u.shape, offset, size });
    inits.push(u);
    offset += size;
  }
  const init = new Float32Array(offset);
  let at = 0;
  for (const t of inits) {
    init.set(t.dataSync(), at); // once, when the guide is built
    at += t.size;
    t.dispose();
  }
  return { blocks, dim: offset, init };
}

/**
 * A full-rank (multivariate Normal) guide over every latent site of `model`, after Pyro's
 * AutoMultivariateNormal. With u the concatenation of all latents' unconstrained values
 * (flattened, in execution order) and `T_s` each site's support bijector:
 *
 * ```text
 * u ~ N(loc, L Lᵀ)           (guide-only site '_auto_latent', L lower-triangular, diag > 0)
 * z_s = T_s(u[slice_s])      (site s: a Delta at z_s with log-density −log|det J_{T_s}(u_s)|)
 * log q(z) = log N(u; loc, L Lᵀ) − Σ_s log|det J_{T_s}(u_s)|
 * ```
 *
 * so every objective sums the right log q from the traces. Parameters: `<prefix>/loc` (shape
 * `[D]`) and `<prefix>/scaleTril` (`[D, D]`, constraint `lowerCholesky`). Captures posterior
 * correlations that {@link autoNormal} cannot; suits models with up to a few hundred latent
 * coordinates (the Cholesky solves are O(D) ops of O(D²) each). The latents' sizes are fixed
 * at the first run (no subsampled local latents).
 *
 * @example
 * ```ts
 * const q = autoMultivariateNormal(regression);
 * const svi = new SVI({ model: regression, guide: q, optimizer: new Adam({ learningRate: 0.02 }) });
 * ```
 * @category Guides
 */
export function autoMultivariateNormal<M extends AnyModel>(model: M, options: AutoMultivariateNormalOptions = {}): Guide<LatentsOf<M>, ArgsOf<M>> {
  const prefix = options.prefix ?? 'autoMvn';
  const initScale = options.initScale ?? 0.1;
  let plan: { blocks: Block[]; dim: number; init: Float32Array } | undefined;
  const body = (ctx: GuideContext<LatentSpec>, ...args: readonly never[]): LatentValues<LatentSpec> => {
    if (plan === undefined) {
      const proto = prototypeOf(model, args);
      if (proto.latents.length === 0) throw new ModelError(`model '${model.name}' has no latent sites for autoMultivariateNormal`);
      plan = layout(proto);
    }
    const { blocks, dim, init } = plan;
    const loc = ctx.param(`${prefix}/loc`, () => (options.initLoc === 'zero' ? tf.zeros([dim]) : tf.tensor1d(init)));
    const scaleTril = ctx.param(`${prefix}/scaleTril`, () => tf.mul(tf.eye(dim), initScale), { constraint: lowerCholesky });
    if (loc.shape.length !== 1 || loc.shape[0] !== dim) {
      throw new ModelError(`the full-rank guide was built for ${dim} unconstrained coordinates but its parameter has shape [${loc.shape.join(', ')}]`, AUTO_LATENT);
    }
    // The guide-only joint site: −log N(u; loc, LLᵀ) enters every bound.
    const u = (ctx.sample as (name: string, d: MultivariateNormal) => Tensor)(
      AUTO_LATENT,
      new MultivariateNormal(loc, { scaleTril }, { validateArgs: false }),
    );
    const out: Record<string, Tensor> = {};
    for (const b of blocks) {
      const { site, transform } = b;
      const unc = tf.reshape(tf.slice(u, [b.offset], [b.size]), [...b.shape]);
      let value = unc;
      let logDensity: Tensor = tf.zeros(site.shape.slice(0, site.shape.length - site.eventRank));
      if (transform !== undefined) {
        value = transform.forward(unc);
        // −log|det J| per batch member: sum the bijector's per-element terms over the site's event dims.
        let ldj = transform.forwardLogDetJacobian(unc);
        const extra = ldj.rank - logDensity.rank;
        if (extra > 0) ldj = tf.sum(ldj, Array.from({ length: extra }, (_, i) => ldj.rank - 1 - i));
        logDensity = tf.neg(ldj);
      }
      if (!tf.util.arraysEqual(value.shape, [...site.shape])) {
        throw new ModelError(`the full-rank guide maps to shape [${value.shape.join(', ')}] but the model expects [${site.shape.join(', ')}]`, site.name);
      }
      const d = new Delta(value, { eventRank: site.eventRank, support: site.prior.support, logDensity, validateArgs: false });
      out[site.name] = inPlates(ctx, site.plates, () => ctx.sample(site.name, d));
    }
    return out;
  };
  return defineGuide<LatentsOf<M>>()(`autoMultivariateNormal(${model.name})`, body as never) as Guide<LatentsOf<M>, ArgsOf<M>>;
}
