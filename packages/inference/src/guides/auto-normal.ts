/**
 * Mean-field Normal guides and point-mass (MAP) guides for any model.
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
} from '@aevb/core';
import { Delta, Independent, positive } from '@aevb/distributions';
import { prototypeOf, type Prototype } from './prototype.js';
import { baseSupport, normalOnSupport, supportTransform, toUnconstrained } from './transforms.js';

/** Options of {@link autoNormal}. @category Guides */
export interface AutoNormalOptions {
  /** Initial standard deviation in unconstrained space. Default 0.1. */
  readonly initScale?: number;
  /** Initial location: the prototype's prior draw (`'sample'`) or the unconstrained origin (`'zero'`). Default `'sample'`. */
  readonly initLoc?: 'sample' | 'zero';
  /** Prefix of the guide's parameter names. Default `'auto'`. */
  readonly prefix?: string;
}

/** Opens the plates a latent site sits in (sizes as in the prototype), then runs `body`. @internal */
export function inPlates<R>(ctx: GuideContext<LatentSpec>, plates: Prototype['latents'][number]['plates'], body: () => R): R {
  const open = (i: number): R => {
    const p = plates[i];
    if (p === undefined) return body();
    return ctx.plate(p.name, p.size, () => open(i + 1), { dim: p.dim });
  };
  return open(0);
}

/**
 * A mean-field Normal guide for every latent site of `model`: for site z with support S,
 * `q(z) = T_S( Normal(loc_z, scale_z) )` with `T_S` the support's default bijector
 * (identity on the reals, so the Normal–Normal KL stays analytic). Parameters are
 * `auto/<site>/loc` and `auto/<site>/scale`. The guide's type is the model's latents, so it
 * fits wherever a hand-written guide would.
 *
 * Local latents inside a plate get one parameter per member (no amortization); use
 * {@link autoAmortized} for data-dependent latents with minibatches.
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
    proto ??= prototypeOf(model, args);
    const out: Record<string, Tensor> = {};
    for (const site of proto.latents) {
      const transform = supportTransform(site.name, site.prior.support);
      const loc = ctx.param(`${prefix}/${site.name}/loc`, () =>
        options.initLoc === 'zero' ? tf.zeros(site.shape as number[]) : toUnconstrained(tf.tensor(site.initial, [...site.shape]), transform),
      );
      const scale = ctx.param(`${prefix}/${site.name}/scale`, () => tf.fill(site.shape as number[], initScale), { constraint: positive });
      if (!tf.util.arraysEqual(loc.shape, [...site.shape])) {
        throw new ModelError(`the automatic guide was built for values of shape [${site.shape.join(', ')}] but the model now has [${loc.shape.join(', ')}] (local latents cannot change size; use autoAmortized)`, site.name);
      }
      out[site.name] = inPlates(ctx, site.plates, () => ctx.sample(site.name, normalOnSupport(loc, scale, transform, site.eventRank, baseSupport(site.prior.support))));
    }
    return out;
  };
  return defineGuide<LatentsOf<M>>()(`autoNormal(${model.name})`, body as never) as Guide<LatentsOf<M>, ArgsOf<M>>;
}

/**
 * A point-mass guide at a learned value per latent site (MAP estimation: the ELBO becomes
 * log p(x, z*)). Parameters are `<prefix>/<site>` with the site's support as constraint.
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
      const v = ctx.param(`${prefix}/${site.name}`, () => tf.tensor(site.initial, [...site.shape]), transform === undefined ? {} : { transform });
      const batchRank = site.shape.length - site.eventRank;
      const d = new Delta(v, { eventRank: site.eventRank, support });
      out[site.name] = inPlates(ctx, site.plates, () => ctx.sample(site.name, batchRank >= 0 ? d : new Independent(d, 0)));
    }
    return out;
  };
  return defineGuide<LatentsOf<M>>()(`autoDelta(${model.name})`, body as never) as Guide<LatentsOf<M>, ArgsOf<M>>;
}
