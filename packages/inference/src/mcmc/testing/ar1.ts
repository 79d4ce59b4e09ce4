// Stationary AR(1) chains x_t = φ x_{t−1} + √(1−φ²) ε_t (unit variance), whose integrated
// autocorrelation time is known: τ = (1 + φ) / (1 − φ), so ESS = M·N / τ.
import { mixSeed } from '@aevb/core';
import { ChainRng } from '../chain-rng.js';

export function ar1Chains(phi: number, chains: number, n: number, seed: number, scale = 1, shift = 0): Float64Array[] {
  return Array.from({ length: chains }, (_, c) => {
    const rng = new ChainRng(mixSeed(seed, c));
    const x = new Float64Array(n);
    let v = rng.normal();
    const s = Math.sqrt(1 - phi * phi);
    for (let t = 0; t < n; t++) {
      x[t] = shift + scale * v;
      v = phi * v + s * rng.normal();
    }
    return x;
  });
}
