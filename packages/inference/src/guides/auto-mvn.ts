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
  type Constraint,
  type Distribution,
  type PlateFrame,
  type Tensor,
  type Transform,
} from '@aevb/core';
import { Delta, lowerCholesky, MultivariateNormal, type DeltaOptions } from '@aevb/distributions';
import { inPlates } from './auto-normal.js';
import { prototypeOf, type LatentInfo, type Prototype } from './prototype.js';
import { baseSupport, normalOnSupport, requireBijection, supportTransform, toUnconstrained } from './transforms.js';

/**
 * A latent site's value as a slice of the joint draw: a point mass (its log-density carries the
 * site's share of log q) that also knows the slice's exact marginal under the joint Normal, so
 * `encode` and `encodeMean` report q(z_s) rather than the draw.
 *
 * @category Guides
 */
export class JointSlice extends Delta {
  /** The exact marginal q(z_s): the joint Normal's marginal pushed through the site's bijector. */
  readonly marginal: Distribution;
  /** @param value - the slice @param marginal - its marginal @param options - as Delta's */
  constructor(value: Tensor, marginal: Distribution, options: DeltaOptions) {
    super(value, options);
    this.marginal = marginal;
  }
}

/**
 * The marginal of a site whose bijector couples coordinates (e.g. stick-breaking onto the
 * simplex): no closed form, so it draws from the joint and slices. Sampling only (for means and
 * predictive draws); it has no log-density.
 */
class SliceOfJoint implements Distribution {
  readonly family = 'SliceOfJoint';
  readonly batchShape: readonly number[];
  readonly eventShape: readonly number[];
  readonly support: Constraint;
  readonly hasRsample = false;
  constructor(
    site: LatentInfo,
    value: Tensor,
    private readonly draw: (seed: number) => Tensor,
  ) {
    this.batchShape = value.shape.slice(0, value.rank - site.eventRank);
    this.eventShape = value.shape.slice(value.rank - site.eventRank);
    this.support = site.prior.support;
  }
  sample(options: { readonly seed?: number } = {}): Tensor {
    return tf.tidy(() => this.draw(options.seed ?? 0));
  }
  rsample(): Tensor {
    throw new ModelError('the marginal of a coupled slice of autoMultivariateNormal has no reparameterized sampler');
  }
  logProb(): Tensor {
    throw new ModelError('the marginal of a coupled slice of autoMultivariateNormal has no closed-form density');
  }
}

/**
 * The members of a block present in this run: a plate holding only some of its members cannot
 * be followed (the joint couples them all); a permutation of all members is gathered.
 */
function followFrames(site: LatentInfo, frames: readonly PlateFrame[], full: Tensor): Tensor {
  let v = full;
  for (const f of frames) {
    if (f.size < f.fullSize) {
      throw new ModelError(
        `autoMultivariateNormal couples all ${f.fullSize} members of plate '${f.name}', so it cannot follow a minibatch of ${f.size}; ` +
          `fit all rows at once (batchSize = N), or use autoNormal or autoAmortized for local latents`,
        site.name,
      );
    }
    if (f.subsample !== undefined) v = tf.gather(v, f.subsample, v.rank - site.eventRank + f.dim);
  }
  return v;
}

/**
 * A block's coordinates of the joint vector `t`, shaped as the site. `t` is `[dim]` in a
 * sequential run and `[K, 1, …, 1, dim]` when K particles run vectorized (the particle axis left
 * of every site's batch dimensions); the site's batch dimensions take the places of as many of
 * those size-1 dimensions, so the particle axis keeps its place relative to them.
 */
function sliceBlock(t: Tensor, b: Block): Tensor {
  const lead = t.shape.slice(0, -1);
  const block = tf.slice(t, [...lead.map(() => 0), b.offset], [...lead.map(() => -1), b.size]);
  if (lead.length === 0) return tf.reshape(block, [...b.shape]);
  const batchRank = b.shape.length - b.site.eventRank;
  const ones = Math.max(0, lead.length - 1 - batchRank);
  return tf.reshape(block, [lead[0] as number, ...Array<number>(ones).fill(1), ...b.shape]);
}

/** Options of {@link autoMultivariateNormal}. @category Guides */
export interface AutoMultivariateNormalOptions {
  /** Initial standard deviation of every coordinate (the diagonal of the Cholesky factor). Default 0.1. */
  readonly initScale?: number;
  /**
   * Initial location: the elementwise median of 15 prior draws per site, in unconstrained space,
   * downstream sites drawn given it (`'median'`, Pyro's `init_to_median`); one prior draw
   * (`'sample'`); or the unconstrained origin (`'zero'`). Default `'median'`.
   */
  readonly initLoc?: 'median' | 'sample' | 'zero';
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
    requireBijection(site.name, site.prior.support, transform, 'automatic Normal guides');
    const value = tf.tensor(site.initial, [...site.fullShape]);
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
      const proto = prototypeOf(model, args, options.initLoc === 'sample' ? 'sample' : 'median');
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
    const u = ctx.auxiliary(AUTO_LATENT, new MultivariateNormal(loc, { scaleTril }, { validateArgs: false }));
    // Each coordinate's exact marginal sd: the norms of the rows of L.
    const sd = tf.sqrt(tf.sum(tf.square(scaleTril), 1));
    const out: Record<string, Tensor> = {};
    for (const b of blocks) {
      const { site, transform } = b;
      out[site.name] = inPlates(ctx, site.plates, (frames) => {
        const cut = (t: Tensor): Tensor => followFrames(site, frames, sliceBlock(t, b));
        const unc = cut(u);
        let value = unc;
        let logDensity: Tensor = tf.zeros(unc.shape.slice(0, unc.rank - site.eventRank));
        if (transform !== undefined) {
          value = transform.forward(unc);
          // −log|det J| per batch member: sum the bijector's per-element terms over the site's event dims.
          let ldj = transform.forwardLogDetJacobian(unc);
          const extra = ldj.rank - logDensity.rank;
          if (extra > 0) ldj = tf.sum(ldj, Array.from({ length: extra }, (_, i) => ldj.rank - 1 - i));
          logDensity = tf.neg(ldj);
        }
        const marginal =
          transform === undefined || transform.eventDim === 0
            ? normalOnSupport(site.name, cut(loc), cut(sd), transform, site.eventRank, baseSupport(site.prior.support))
            : new SliceOfJoint(site, value, (seed) => {
                const draw = new MultivariateNormal(loc, { scaleTril }, { validateArgs: false }).sample({ seed });
                return (transform as Transform).forward(cut(draw));
              });
        return ctx.sample(site.name, new JointSlice(value, marginal, { eventRank: site.eventRank, support: site.prior.support, logDensity, validateArgs: false }));
      });
    }
    return out;
  };
  return defineGuide(model, `autoMultivariateNormal(${model.name})`, body as never) as Guide<LatentsOf<M>, ArgsOf<M>>;
}
