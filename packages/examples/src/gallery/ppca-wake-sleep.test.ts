import { describe, expect, it } from 'vitest';
import { tf } from '@aevb/core';
import { DistributionBase } from '@aevb/distributions';
import { Adam, WakeSleep, autoAmortized, cosineDecay, encode } from '@aevb/inference';
import { inverse, matMul, matVec, subspaceCosines, symmetricEigen, transpose, type Matrix } from './linalg.js';
import { ppcaMaximumLikelihood, ppcaModel, ppcaPoints } from './ppca.js';

// Wake-sleep against a closed form. On probabilistic PCA the linear encoder (autoAmortized,
// hidden: []) contains the exact posterior whenever WᵀW is diagonal, so the sleep phase's
// minimizer of KL(p(z | x̃) ‖ q(z | x̃)) is the exact posterior, the wake phase is then an EM
// step, and wake-sleep's fixed point is the maximum-likelihood solution (Tipping & Bishop): the
// top-2 eigenvectors of the sample covariance S, σ²_ML the mean of the other three eigenvalues,
// and max log p(x) per point −½[D log 2π + log λ₁ + log λ₂ + 3 log σ²_ML + D]. There the ELBO
// equals log p(x): its gap is KL(q ‖ p(z | x)) = 0.
// Every number below is exact given the final iterate (log p(x) from C = WWᵀ + σ²I, the ELBO
// from the encoder's Gaussian q in closed form), so the tolerances are optimization tolerances
// of 1,000 full-batch steps (seeded). Measured: σ 0.6% from σ_ML, cos > 0.9999997, log p(x)
// 0.0012 nats below the maximum, the ELBO 0.0056 nats below log p(x) (q's residual correlation).
// Asserted: σ within 2%, cos > 0.9999, both gaps below 0.01 nats. A wake phase that ascended
// another objective, or a sleep phase that fitted q to the wrong x̃, leaves gaps of nats.
describe('WakeSleep on probabilistic PCA', () => {
  it('converges to the maximum-likelihood solution, with the ELBO reaching the exact log-likelihood', async () => {
    const train = ppcaPoints(300);
    const x = tf.tensor2d(train);
    const steps = 1000;
    const ws = new WakeSleep({
      model: ppcaModel,
      guide: autoAmortized(ppcaModel, { hidden: [] }),
      optimizer: new Adam({ learningRate: cosineDecay({ initial: 0.05, decaySteps: steps, alpha: 0.02 }) }),
      seed: 1,
    });
    for (let i = 0; i < steps; i++) expect((await ws.step(x)).accepted).toBe(true);
    const w = tf.tidy(() => ws.params.value('W').arraySync() as Matrix);
    const mu = Array.from(ws.params.read('mu'));
    const sigma = ws.params.read('sigma')[0] as number;
    const [qMean, qVar] = tf.tidy(() => {
      const q = encode(ws.svi, x).z;
      if (!(q instanceof DistributionBase)) throw new Error(`q(z | x) is a ${q.family}`);
      return [q.mean().arraySync() as Matrix, q.variance().arraySync() as Matrix];
    });
    x.dispose();
    ws.params.clear();

    const ml = ppcaMaximumLikelihood(train);
    const d = ml.eigenvalues.length;
    const log2pi = Math.log(2 * Math.PI);
    const maxLogLik = -0.5 * (d * log2pi + Math.log(ml.eigenvalues[0]!) + Math.log(ml.eigenvalues[1]!) + (d - 2) * Math.log(ml.sigma ** 2) + d);
    // log p(x | θ) per point: x ~ N(μ, C), C = WWᵀ + σ²I.
    const c = matMul(w, transpose(w)).map((r, i) => r.map((v, j) => v + (i === j ? sigma * sigma : 0)));
    const logDetC = symmetricEigen(c).values.reduce((s, v) => s + Math.log(v), 0);
    const cInv = inverse(c);
    const mean = (f: (row: number[], n: number) => number): number => train.reduce((s, r, n) => s + f(r, n), 0) / train.length;
    const logLik = mean((r) => {
      const e = r.map((v, i) => v - mu[i]!);
      return -0.5 * (d * log2pi + logDetC + matVec(cInv, e).reduce((s, v, i) => s + v * e[i]!, 0));
    });
    // ELBO per point with q = N(m, diag s): E_q log N(x | Wz + μ, σ²I) − KL(q ‖ N(0, I)).
    const elbo = mean((r, n) => {
      const m = qMean[n]!;
      const s = qVar[n]!;
      const fit = matVec(w, m);
      const sq = r.reduce((a, v, i) => a + (v - fit[i]! - mu[i]!) ** 2 + w[i]!.reduce((b, wik, k) => b + wik * wik * s[k]!, 0), 0);
      const kl = 0.5 * m.reduce((a, mk, k) => a + s[k]! + mk * mk - 1 - Math.log(s[k]!), 0);
      return -0.5 * (d * log2pi + d * Math.log(sigma * sigma) + sq / (sigma * sigma)) - kl;
    });
    expect(Math.abs(sigma / ml.sigma - 1)).toBeLessThan(0.02);
    for (const cos of subspaceCosines(w, ml.subspace)) expect(cos).toBeGreaterThan(0.9999);
    expect(logLik).toBeLessThanOrEqual(maxLogLik + 1e-9);
    expect(maxLogLik - logLik).toBeLessThan(0.01);
    expect(elbo).toBeLessThanOrEqual(logLik + 1e-9);
    expect(logLik - elbo).toBeLessThan(0.01);
  });
});
