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
 * and a global scalar part (sites outside it, scaled as usual). The per-datum part is not
 * yet multiplied by the plate's N/M scale; `plateScale` returns that factor.
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
    const pd = perDatumLogProb(s, plate, lp);
    if (pd === undefined) {
      globalSites++;
      global = tf.add(global, tf.mul(scaleAndSum(s, lp), sign));
    } else {
      const frame = s.plates.find((f) => f.name === plate);
      plateScale = frame === undefined ? 1 : frame.fullSize / frame.size;
      // Scales other than the plate's own (e.g. a `scale` handler) still apply per site.
      const extra = s.scale / plateScale;
      const term = extra === 1 ? pd : tf.mul(pd, extra);
      perDatum = perDatum === undefined ? tf.mul(term, sign) : tf.add(perDatum, tf.mul(term, sign));
    }
  }
  return { perDatum, global, plateScale, globalSites };
}
