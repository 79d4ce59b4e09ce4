/**
 * Per-datapoint log-densities inside a data plate, for importance-weighted bounds and
 * marginal-likelihood estimates.
 *
 * @module
 */
import { ModelError, scaleAndSum, siteLogProb, tf, type SampleSite, type Tensor } from '@aevb/core';

/**
 * A site's log-density reduced to one value per member of plate `plate` (shape `[size]`,
 * masked but unscaled), or `undefined` if the site is not inside that plate.
 *
 * @category Objectives
 */
export function perDatumLogProb(site: SampleSite, plate: string, lp: Tensor = siteLogProb(site)): Tensor | undefined {
  const frame = site.plates.find((f) => f.name === plate);
  if (frame === undefined) return undefined;
  return tf.tidy(() => {
    let v = lp;
    if (site.mask !== undefined) v = tf.where(site.mask, v, tf.zerosLike(v));
    const axis = v.rank + frame.dim;
    if (axis < 0) throw new ModelError(`has no batch dimension for plate '${plate}'`, site.name);
    if (v.rank === 1) return v;
    const others = [...Array(v.rank).keys()].filter((a) => a !== axis);
    const summed = tf.sum(v, others);
    return summed;
  });
}

/**
 * Splits `Σ_sites sign · log-density` into a per-datum part (sites in `plate`, shape `[size]`)
 * and a global scalar part (sites outside it, scaled as usual). The per-datum part carries each
 * site's own factors (its `scale` handlers and any other plates' N/M) but not the plate's own
 * N/M, which is returned once as `plateScale` for the caller to apply after combining datums.
 *
 * @category Objectives
 */
export function splitByPlate(
  sites: readonly SampleSite[],
  plate: string,
  sign: 1 | -1,
): { perDatum: Tensor | undefined; global: Tensor; plateScale: number; globalSites: number } {
  let globalSites = 0;
  let perDatum: Tensor | undefined;
  let global: Tensor = tf.scalar(0);
  let plateScale = 1;
  for (const s of sites) {
    const lp = siteLogProb(s);
    const frame = s.plates.find((f) => f.name === plate);
    if (frame === undefined) {
      globalSites++;
      global = tf.add(global, tf.mul(scaleAndSum(s, lp), sign));
      continue;
    }
    plateScale = frame.scale;
    let own = s.scale;
    for (const f of s.plates) if (f !== frame) own *= f.scale;
    const pd = perDatumLogProb(s, plate, lp) as Tensor;
    const term = tf.mul(own === 1 ? pd : tf.mul(pd, own), sign);
    perDatum = perDatum === undefined ? term : tf.add(perDatum, term);
  }
  return { perDatum, global, plateScale, globalSites };
}
