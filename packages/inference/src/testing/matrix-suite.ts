// The correctness matrix as vitest suites: one call per model case (split across test files so
// they run in parallel). See docs/guides/estimators.md for what is supported.
import { describe, expect, it } from 'vitest';
import { tf } from '@aevb/core';
import { fit, type Batch } from '../index.js';
import { MODEL_CASES, type ObjectiveName } from './matrix-cases.js';
import { assignConstrained, cellSvi, evaluationAgrees, fitTail, initLikeFit, logMarginalAt, stationarity, unconstrained } from './matrix-run.js';

const OBJECTIVE_NAMES: readonly ObjectiveName[] = ['analytic-kl', 'monte-carlo', 'iwae', 'renyi'];
const PLATES = ['data', 'obs'] as const;
/** Gradient draws per cell: the mean of 48 has an SE of sd/7. */
const DRAWS = 48;
/**
 * |mean gradient| / SE bound: the matrix makes about 30,000 such comparisons, and a two-sided
 * normal tail beyond 5 has probability 5.7e-7, so a correct framework fails one with probability
 * below 2%; a bias of the size of one gradient sd is caught at 7 SE. Score-function and
 * Monte Carlo terms make single gradients heavy-tailed, so 48 draws are not yet normal: a cell
 * beyond 4 SE is decided again on 480 draws (a bias persists and grows to 22 SE there; a heavy
 * tail's fluke does not).
 */
const Z = 5;
const RETEST_AT = 4;
const RETEST_DRAWS = 480;

/** The training configurations: whole data set, and N/2, N/5, 1 each shuffled or in order. */
function configs(n: number): { m: number; shuffle: boolean }[] {
  const out = [{ m: n, shuffle: false }];
  for (const m of [n / 2, n / 5, 1]) out.push({ m, shuffle: true }, { m, shuffle: false });
  return out;
}

/** Registers the matrix of one model case. */
export function matrixSuite(key: keyof typeof MODEL_CASES & string): void {
  const c = (MODEL_CASES[key] as () => ReturnType<(typeof MODEL_CASES)[string]>)();
  describe(`correctness matrix: ${c.name}`, () => {
    c.guides.forEach((g, gi) => {
      describe(g.name, () => {
        for (const objective of OBJECTIVE_NAMES) {
          const cells = configs(c.n).flatMap((cfg) => PLATES.map((plate) => ({ ...cfg, plate })));
          it.each(cells)(`${objective}: M = $m of ${c.n}, shuffle $shuffle, plate $plate`, async ({ m, shuffle, plate }) => {
            const data = c.data();
            const svi = cellSvi(c, gi, objective, plate, 11);
            const e = g.expect(objective, m < c.n);
            try {
              if (e.kind === 'refuse') {
                await expect(fit(svi, { data, batchSize: m, shuffle, maxSteps: 1 })).rejects.toThrow(e.error);
                return;
              }
              await initLikeFit(svi, data, c.n, m);
              assignConstrained(svi, e.params);
              if (e.kind === 'property') {
                // No closed-form optimum: the fit must at least run and stay finite.
                const h = await fit(svi, { data, batchSize: m, shuffle, maxSteps: 5 });
                expect(h.stepElbos.every(Number.isFinite)).toBe(true);
                return;
              }
              let s = stationarity(svi, data, c.n, m, shuffle, 11, DRAWS);
              if (s.worst > RETEST_AT) s = stationarity(svi, data, c.n, m, shuffle, 11, RETEST_DRAWS);
              expect(s.worst, `coordinate ${s.at}`).toBeLessThan(Z);
            } finally {
              svi.params.clear();
              disposeData(data);
            }
          });
        }

        for (const plate of PLATES) {
          it(`evaluateBound is the same in one batch and in batches of 1 (plate '${plate}')`, async () => {
            const data = c.data();
            const svi = cellSvi(c, gi, 'analytic-kl', plate, 12);
            const e = g.expect('analytic-kl', false);
            try {
              if (e.kind === 'refuse') {
                await expect(evaluateRefused(svi, data, c.n)).rejects.toThrow(e.error);
                return;
              }
              await initLikeFit(svi, data, c.n, c.n);
              assignConstrained(svi, e.params);
              if (g.expect('analytic-kl', true).kind === 'refuse') {
                // A guide that cannot follow a minibatch cannot evaluate in minibatches either.
                await expect(evaluationAgrees(svi, data, c.n)).rejects.toThrow((g.expect('analytic-kl', true) as { error: RegExp }).error);
                return;
              }
              const r = await evaluationAgrees(svi, data, c.n);
              expect(Math.abs(r.whole.mean - r.ones.mean)).toBeLessThan(4 * Math.hypot(r.whole.se, r.ones.se) + 1e-5);
              // With the exact posterior the bound is the log evidence.
              if (g.exact) expect(Math.abs(r.whole.mean - c.logEvidence / c.n)).toBeLessThan(4 * r.whole.se + 1e-4);
            } finally {
              svi.params.clear();
              disposeData(data);
            }
          });
        }

        it('logMarginal matches the exact log evidence (or refuses a point mass)', async () => {
          const data = c.data();
          const svi = cellSvi(c, gi, 'analytic-kl', 'data', 13);
          const e = g.expect('analytic-kl', false);
          try {
            if (e.kind === 'refuse') return;
            await initLikeFit(svi, data, c.n, c.n);
            assignConstrained(svi, e.params);
            if (!g.density) {
              await expect(logMarginalAt(svi, data)).rejects.toThrow(/point mass/);
              return;
            }
            const r = await logMarginalAt(svi, data);
            // 4 SE, plus the estimator's downward bias (about SE²/2, bounded by SE²), plus float32.
            expect(Math.abs(r.total - c.logEvidence)).toBeLessThan(4 * r.se + r.se ** 2 + 2e-3);
          } finally {
            svi.params.clear();
            disposeData(data);
          }
        });

        it('a fit from the default initialization (minibatches of N/2, shuffled) reaches the target', async () => {
          const e = g.expect('analytic-kl', true);
          if (e.kind !== 'target') return;
          const data = c.data();
          const svi = cellSvi(c, gi, 'analytic-kl', 'obs', 14);
          try {
            const names = Object.keys(e.params);
            const tail = await fitTail(svi, data, c.n, names);
            const want = unconstrained(svi, e.params);
            for (const k of names) {
              (tail.get(k) ?? []).forEach((est, j) => {
                // Per coordinate, unconstrained: 5 Monte Carlo SE of the tail average (see Z).
                expect(Math.abs(est.mean - (want[k]?.[j] as number)), `${k}[${j}]`).toBeLessThan(5 * est.se + 2e-3);
              });
            }
          } finally {
            svi.params.clear();
            disposeData(data);
          }
        }, 120_000);
      });
    });
  });
}

async function evaluateRefused(svi: Parameters<typeof assignConstrained>[0], data: Batch, n: number): Promise<number> {
  return fit(svi, { data, batchSize: n, maxSteps: 1 }).then(() => 0);
}

function disposeData(d: Batch): void {
  for (const t of d instanceof tf.Tensor ? [d] : Object.values(d)) t.dispose();
}
