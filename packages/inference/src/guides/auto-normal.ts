/**
 * Mean-field Normal guides and point-mass (MAP) guides for any model.
 *
 * @module
 */
import {
  guide as defineGuide,
  tf,
  type AnyModel,
  type ArgsOf,
  type Guide,
  type GuideContext,
  type LatentsOf,
  type LatentSpec,
  type LatentValues,
  type PlateFrame,
  type Tensor,
} from '@aevb/core';
import { Delta, Independent, positive } from '@aevb/distributions';
import { prototypeOf, type LatentInfo, type PlateInfo, type Prototype } from './prototype.js';
import { baseSupport, normalOnSupport, supportTransform, toUnconstrained, unconstrainedShape } from './transforms.js';

/** Options of {@link autoNormal}. @category Guides */
export interface AutoNormalOptions {
  /** Initial standard deviation in unconstrained space. Default 0.1. */
  readonly initScale?: number;
  /**
   * Initial location: the elementwise median of 15 prior draws per site, in unconstrained space,
   * downstream sites drawn given it (`'median'`, Pyro's `init_to_median`); one prior draw
   * (`'sample'`); or the unconstrained origin (`'zero'`). Default `'median'`.
   */
  readonly initLoc?: 'median' | 'sample' | 'zero';
  /** Prefix of the guide's parameter names. Default `'auto'`. */
  readonly prefix?: string;
  /**
   * Cover only these latent sites (for composing guides: `autoAmortized` covers the local
   * latents with its encoder and the rest with this). Default: every latent site.
   */
  readonly sites?: readonly string[];
}

/**
 * Opens the plates a latent site sits in, each at its full size (a subsampled plate then holds
 * the run's members, and per-member parameters follow it), then runs `body`.
 *
 * @internal
 */
export function inPlates<R>(ctx: GuideContext<LatentSpec>, plates: readonly PlateInfo[], body: (frames: readonly PlateFrame[]) => R): R {
  const frames: PlateFrame[] = [];
  const open = (i: number): R => {
    const p = plates[i];
    if (p === undefined) return body(frames);
    return ctx.plate(p.name, p.fullSize, (f) => {
      frames.push(f);
      return open(i + 1);
    }, { dim: p.dim });
  };
  return open(0);
}

/** `{ eventDim }` for a per-member parameter of a site inside plates; `{}` for a global one. */
function memberOptions(site: LatentInfo): { eventDim?: number } {
  return site.plates.length === 0 ? {} : { eventDim: site.eventRank };
}

/**
 * A mean-field Normal guide for every latent site of `model`: for site z with support S,
 * `q(z) = T_S( Normal(loc_z, scale_z) )` with `T_S` the support's default bijector
 * (identity on the reals, so the Normal–Normal KL stays analytic). Parameters are
 * `<prefix>/<site>/loc` and `<prefix>/<site>/scale`. The guide's type is the model's latents,
 * so it fits wherever a hand-written guide would.
 *
 * A local latent inside a plate gets one parameter per member of the plate's full data set
 * (no amortization): minibatches gather their rows' parameters by the rows' positions, so the
 * guide follows any shuffling or subsampling `fit` does; it describes only the data it was
 * fitted on (use {@link autoAmortized} to encode new data).
 *
 * @example
 * ```ts
 * const q = autoNormal(myModel);
 * ```
 * @category Guides
 */
export function autoNormal<M extends AnyModel>(model: M, options: AutoNormalOptions = {}): Guide<LatentsOf<M>, ArgsOf<M>> {
  const prefix = options.prefix ?? 'auto';
  const initScale = options.initScale ?? 0.1;
  let proto: Prototype | undefined;
  const body = (ctx: GuideContext<LatentSpec>, ...args: readonly never[]): LatentValues<LatentSpec> => {
    proto ??= prototypeOf(model, args, options.initLoc === 'sample' ? 'sample' : 'median');
    const out: Record<string, Tensor> = {};
    for (const site of proto.latents) {
      if (options.sites !== undefined && !options.sites.includes(site.name)) continue;
      const transform = supportTransform(site.name, site.prior.support);
      const full = [...site.fullShape];
      // The parameters live in unconstrained space, whose shape may differ (the simplex's K−1).
      const free = unconstrainedShape(full, transform);
      out[site.name] = inPlates(ctx, site.plates, () => {
        const member = memberOptions(site);
        const loc = ctx.param(
          `${prefix}/${site.name}/loc`,
          () => (options.initLoc === 'zero' ? tf.zeros(free) : toUnconstrained(tf.tensor(site.initial, full), transform)),
          member,
        );
        const scale = ctx.param(`${prefix}/${site.name}/scale`, () => tf.fill(free, initScale), { constraint: positive, ...member });
        return ctx.sample(site.name, normalOnSupport(site.name, loc, scale, transform, site.eventRank, baseSupport(site.prior.support)));
      });
    }
    return out;
  };
  return defineGuide(model, `autoNormal(${model.name})`, body as never) as Guide<LatentsOf<M>, ArgsOf<M>>;
}

/**
 * A point-mass guide at a learned value per latent site (MAP estimation: the ELBO becomes
 * log p(x, z*)). Parameters are `<prefix>/<site>` with the site's support as constraint; a local
 * latent gets one value per member of its plates (as {@link autoNormal}). Initialized at the
 * median of 15 prior draws per site (as `autoNormal`'s default `initLoc`).
 *
 * @category Guides
 */
export function autoDelta<M extends AnyModel>(model: M, options: { readonly prefix?: string } = {}): Guide<LatentsOf<M>, ArgsOf<M>> {
  const prefix = options.prefix ?? 'map';
  let proto: Prototype | undefined;
  const body = (ctx: GuideContext<LatentSpec>, ...args: readonly never[]): LatentValues<LatentSpec> => {
    proto ??= prototypeOf(model, args);
    const out: Record<string, Tensor> = {};
    for (const site of proto.latents) {
      const support = site.prior.support;
      const transform = supportTransform(site.name, support);
      const full = [...site.fullShape];
      out[site.name] = inPlates(ctx, site.plates, () => {
        const v = ctx.param(`${prefix}/${site.name}`, () => tf.tensor(site.initial, full), {
          ...(transform === undefined ? {} : { transform }),
          ...memberOptions(site),
        });
        const batchRank = v.rank - site.eventRank;
        const d = new Delta(v, { eventRank: site.eventRank, support });
        return ctx.sample(site.name, batchRank >= 0 ? d : new Independent(d, 0));
      });
    }
    return out;
  };
  return defineGuide(model, `autoDelta(${model.name})`, body as never) as Guide<LatentsOf<M>, ArgsOf<M>>;
}
