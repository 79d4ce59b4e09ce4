/**
 * A table of posterior summaries and convergence diagnostics, one row per scalar component.
 *
 * @module
 */
import { essBulk, essTail } from './ess.js';
import { mcseMean } from './mcse.js';
import { siteChains, type McmcResult } from './mcmc.js';
import { splitRhat } from './rhat.js';

/** One scalar component's summary. @category MCMC diagnostics */
export interface McmcSummaryRow {
  /** `site` or `site[i, j]`. */
  readonly label: string;
  /** Site name. */
  readonly site: string;
  /** Row-major index within the site's value. */
  readonly index: number;
  /** Posterior mean (all chains pooled). */
  readonly mean: number;
  /** Posterior standard deviation. */
  readonly sd: number;
  /** Monte Carlo standard error of the mean. */
  readonly mcse: number;
  /** Bulk effective sample size. */
  readonly essBulk: number;
  /** Tail effective sample size. */
  readonly essTail: number;
  /** Rank-normalized split R-hat. */
  readonly rhat: number;
}

function labelOf(site: string, shape: readonly number[], index: number): string {
  if (shape.length === 0) return site;
  const idx: number[] = [];
  let rest = index;
  for (let k = shape.length - 1; k >= 0; k--) {
    idx.unshift(rest % (shape[k] as number));
    rest = Math.floor(rest / (shape[k] as number));
  }
  return `${site}[${idx.join(', ')}]`;
}

/**
 * Mean, sd, MCSE, bulk and tail ESS and split R-hat of every scalar component of every latent
 * site of an {@link mcmc} run (Stan's and ArviZ's summary).
 *
 * @example
 * ```ts
 * for (const row of mcmcSummary(fit)) console.log(row.label, row.mean.toFixed(2), row.rhat.toFixed(3));
 * ```
 * @category MCMC diagnostics
 */
export function mcmcSummary(result: McmcResult): McmcSummaryRow[] {
  const rows: McmcSummaryRow[] = [];
  for (const s of result.sites) {
    const draws = result.samples[s.name];
    if (draws === undefined) continue;
    const size = s.shape.reduce((a, b) => a * b, 1);
    for (let index = 0; index < size; index++) {
      const chains = siteChains(draws, index);
      const all = chains.flatMap((c) => Array.from(c));
      const mean = all.reduce((a, b) => a + b, 0) / all.length;
      const sd = Math.sqrt(all.reduce((a, b) => a + (b - mean) ** 2, 0) / (all.length - 1));
      rows.push({
        label: labelOf(s.name, s.shape, index),
        site: s.name,
        index,
        mean,
        sd,
        mcse: mcseMean(chains),
        essBulk: essBulk(chains),
        essTail: essTail(chains),
        rhat: splitRhat(chains),
      });
    }
  }
  return rows;
}
