import { describe, expect, it } from 'vitest';
import { inverse, matMul, matVec } from './linalg.js';
import { kalmanLogEvidence, kalmanSmoother, localLevelSeries, stateSpace } from './state-space.js';

describe('gallery: local-level state-space model', () => {
  it('the Kalman log evidence and RTS smoother equal direct Gaussian computations (reference check)', () => {
    // Independent check of the filter: y ~ N(0, C) with C_ij = s0² + q² (min(i, j)) + r² δ_ij.
    const y = localLevelSeries(6);
    const n = y.length;
    const c = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => 1 + 0.09 * Math.min(i, j) + (i === j ? 0.25 : 0)));
    // Cholesky, log det and the quadratic form.
    const l = c.map(() => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
      let s = c[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = i === j ? Math.sqrt(s) : s / l[j]![j]!;
    }
    const z: number[] = [];
    for (let i = 0; i < n; i++) z.push((y[i]! - l[i]!.slice(0, i).reduce((s, v, k) => s + v * z[k]!, 0)) / l[i]![i]!);
    const direct = -0.5 * n * Math.log(2 * Math.PI) - l.reduce((s, r, i) => s + Math.log(r[i]!), 0) - 0.5 * z.reduce((s, v) => s + v * v, 0);
    expect(kalmanLogEvidence(y)).toBeCloseTo(direct, 10);
    // The RTS smoother equals direct Gaussian conditioning: E[x | y] = Cxx Cyy⁻¹ y,
    // Var[x | y] = diag(Cxx − Cxx Cyy⁻¹ Cxx), with Cxx = C − r² I and Cyy = C.
    const cxx = c.map((row, i) => row.map((v, j) => v - (i === j ? 0.25 : 0)));
    const k = matMul(cxx, inverse(c));
    const sm = kalmanSmoother(y);
    matVec(k, y).forEach((m, i) => expect(sm.mean[i]).toBeCloseTo(m, 10));
    matMul(k, cxx).forEach((row, i) => expect(sm.variance[i]).toBeCloseTo(cxx[i]![i]! - row[i]!, 10));
  });

  // Tolerances. The full-rank Gaussian guide contains the exact posterior of eps (Gaussian), so
  // at the optimum ELBO = log p(y) and the importance weights are constant. (1) Jensen: the ELBO
  // is below log p(y) for every guide, so its estimate may exceed it only by noise: < 4 SE (SE
  // of the mean of 60 one-draw estimates). (2) The gap log p(y) − ELBO = KL(q ‖ p(eps | y)) is
  // what the optimizer left in 400 steps over 20 + 210 guide parameters; we require < 1 nat
  // (an optimization tolerance, not a statistical one). (3) logMarginal (K = 500) is consistent,
  // with a downward bias ≈ Var(log w)/(2K); for a Gaussian guide with KL gap g, Var(log w) ≈ 2g,
  // so the bias is ≈ g/K < 2e-3 nats; we test |logMarginal − log p(y)| < 4 SE (4 repeats) + 2e-3.
  it('ELBO ≤ log p(y) with a small gap, logMarginal within 4 SE of the Kalman log evidence, marginals near the smoother', async () => {
    const { rows } = await stateSpace.run({ steps: 400, seed: 1 });
    const [elbo, lm, meanDev, sdDev] = rows as [typeof rows[number], typeof rows[number], typeof rows[number], typeof rows[number]];
    expect(elbo.fitted).toBeLessThan(elbo.known + 4 * elbo.se!);
    expect(elbo.known - elbo.fitted).toBeLessThan(1);
    expect(Math.abs(lm.fitted - lm.known), `logMarginal ${lm.fitted} vs ${lm.known}, SE ${lm.se}`).toBeLessThan(4 * lm.se! + 2e-3);
    // (4) The guide's marginals of x_t against the Kalman (RTS) smoother, with a tolerance that
    // follows from the gap: G = log p(y) − ELBO = KL(q ‖ p) (invariant under the linear map
    // eps → x), and KL only shrinks under marginalization, so for every t
    //   KL(q_t ‖ p_t) = ½ [r² − 1 − 2 log r + Δ_t²/σ_t²] ≤ G,   r = sd_q/σ_t, Δ_t = mean error.
    // Hence |Δ_t|/σ_t ≤ √(2G) and ½(r² − 1 − 2 log r) ≤ G, with G bounded by gap + 4 SE.
    const g = elbo.known - elbo.fitted + 4 * elbo.se!;
    expect(meanDev.fitted).toBeLessThan(Math.sqrt(2 * g));
    const r = 1 + sdDev.fitted;
    expect(0.5 * (r * r - 1 - 2 * Math.log(r))).toBeLessThan(g);
  });
});
