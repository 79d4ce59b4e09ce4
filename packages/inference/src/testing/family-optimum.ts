// The best member of a one-dimensional guide family, computed without the framework: the ELBO of
// q(z) = T(Normal(m, s)) as a Gauss–Hermite integral in float64, maximized by Nelder–Mead.
import { gaussHermite } from '../posterior/gauss-hermite.js';

const GH = gaussHermite(64);

/** softplus(x) = log(1 + e^x), stable. */
export const softplus = (x: number): number => (x > 30 ? x : x < -30 ? Math.exp(x) : Math.log1p(Math.exp(x)));

/**
 * ELBO(m, s) = E_{u ~ N(m, s²)}[ g(u) ] + log s + ½ log(2πe), where g(u) = log p(x, T(u)) +
 * log|T'(u)| is the log joint in unconstrained space.
 */
export function elboOfNormal(g: (u: number) => number, m: number, s: number): number {
  let e = 0;
  for (let i = 0; i < GH.nodes.length; i++) e += (GH.weights[i] as number) * g(m + Math.SQRT2 * s * (GH.nodes[i] as number));
  return e / Math.sqrt(Math.PI) + Math.log(s) + 0.5 * Math.log(2 * Math.PI * Math.E);
}

/** Minimizes f over R² by Nelder–Mead from `x0` with initial step `step` (tolerance 1e-12 in f). */
export function nelderMead(f: (x: readonly number[]) => number, x0: readonly number[], step = 0.5): number[] {
  const n = x0.length;
  let simplex = [x0.slice(), ...x0.map((_, i) => x0.map((v, j) => (i === j ? v + step : v)))];
  let values = simplex.map(f);
  for (let iter = 0; iter < 5000; iter++) {
    const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]).map(([, i]) => i);
    simplex = order.map((i) => simplex[i] as number[]);
    values = order.map((i) => values[i] as number);
    if (Math.abs((values[n] as number) - (values[0] as number)) < 1e-12) break;
    const centroid = Array.from({ length: n }, (_, j) => simplex.slice(0, n).reduce((s, p) => s + (p[j] as number), 0) / n);
    const worst = simplex[n] as number[];
    const along = (t: number): number[] => centroid.map((c, j) => c + t * (c - (worst[j] as number)));
    const r = along(1);
    const fr = f(r);
    if (fr < (values[0] as number)) {
      const e = along(2);
      const fe = f(e);
      [simplex[n], values[n]] = fe < fr ? [e, fe] : [r, fr];
    } else if (fr < (values[n - 1] as number)) {
      [simplex[n], values[n]] = [r, fr];
    } else {
      const c = along(fr < (values[n] as number) ? 0.5 : -0.5);
      const fc = f(c);
      if (fc < Math.min(fr, values[n] as number)) [simplex[n], values[n]] = [c, fc];
      else {
        const best = simplex[0] as number[];
        simplex = simplex.map((p, i) => (i === 0 ? p : p.map((v, j) => (best[j] as number) + 0.5 * (v - (best[j] as number)))));
        values = simplex.map(f);
      }
    }
  }
  return simplex[0] as number[];
}

/** The (m, s) of the best q = T(Normal(m, s²)) for the unconstrained log joint `g`. */
export function bestNormal(g: (u: number) => number, m0: number): { m: number; s: number } {
  const [m, logS] = nelderMead(([a, b]) => -elboOfNormal(g, a as number, Math.exp(b as number)), [m0, Math.log(0.3)]) as [number, number];
  return { m, s: Math.exp(logS) };
}
