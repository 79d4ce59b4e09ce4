"""Writes fixtures/scipy-extra.json: SciPy references for cdf/icdf over parameter grids with extreme
values, and for the KL rules of D3's pairs (quadrature or series, float64). Inputs are rounded to
float32 first, so the references are exact for the tensors the tests build.
Run: python3 scripts/scipy-fixtures-extra.py (SciPy >= 1.17; Debian's 1.10 gets some numerical
entropies wrong in the other script)."""
import json
import os

import numpy as np
from scipy import integrate, special, stats


def f32(x):
    return np.asarray(x, dtype=np.float32).astype(np.float64)


def grid(*axes):
    mesh = np.meshgrid(*[f32(a) for a in axes], indexing="ij")
    return [m.ravel() for m in mesh]


out = {"generator": "scripts/scipy-fixtures-extra.py", "cdf": [], "kl": []}
probs = f32([1e-30, 1e-6, 0.02, 0.3, 0.5, 0.9, 0.975, 1 - 1e-6])
zs = np.array([-30.0, -10.0, -3.0, -0.5, 0.0, 0.7, 2.0, 8.0])


def case(family, params, frozen, at, with_icdf=True, support_pos=False):
    at = f32(at)
    c = {"family": family, "params": {k: v.tolist() for k, v in params.items()}, "at": at.tolist(),
         "cdf": np.asarray(frozen.cdf(at)).tolist(),
         "pdfAt": np.asarray(frozen.pmf(at) if hasattr(frozen, "pmf") else frozen.pdf(at)).tolist()}
    if with_icdf:
        n = len(at)
        p = np.resize(probs, n)
        c["p"] = p.tolist()
        c["icdf"] = np.asarray(frozen.ppf(p)).tolist()
    out["cdf"].append(c)


# location-scale families: every (loc, scale, z) combination, values x = loc + scale z.
loc, scale, z = grid([-1000.0, 0.0, 3.0], [1e-3, 1.0, 200.0], zs)
x = loc + scale * z
case("Normal", {"loc": loc, "scale": scale}, stats.norm(loc, scale), x)
case("Laplace", {"loc": loc, "scale": scale}, stats.laplace(loc, scale), x)
case("Logistic", {"loc": loc, "scale": scale}, stats.logistic(loc, scale), x)
case("Cauchy", {"loc": loc, "scale": scale}, stats.cauchy(loc, scale), x)
zg = np.array([-3.0, -1.5, 0.0, 0.7, 2.0, 8.0, 20.0, 60.0])
loc, scale, zz = grid([-1000.0, 0.0, 3.0], [1e-3, 1.0, 200.0], zg)
case("Gumbel", {"loc": loc, "scale": scale}, stats.gumbel_r(loc, scale), loc + scale * zz)
# positive families: x = scale * r.
rs = np.array([1e-6, 1e-3, 0.1, 0.5, 1.0, 2.0, 5.0, 30.0])
s, r = grid([1e-3, 1.0, 300.0], rs)
case("HalfNormal", {"scale": s}, stats.halfnorm(scale=s), s * np.minimum(r, 6.0))
case("HalfCauchy", {"scale": s}, stats.halfcauchy(scale=s), s * r)
rate, r2 = grid([1e-3, 1.0, 300.0], rs)
case("Exponential", {"rate": rate}, stats.expon(scale=1 / rate), r2 / rate)
mu, sig, zl = grid([-5.0, 0.0, 4.0], [0.01, 1.0, 3.0], np.array([-8.0, -2.0, 0.0, 0.5, 3.0]))
case("LogNormal", {"loc": mu, "scale": sig}, stats.lognorm(s=sig, scale=np.exp(mu)), np.exp(mu + sig * zl))
lo, w, u = grid([-1e3, 0.0, 2.0], [1e-3, 1.0, 1e4], [-0.1, 0.0, 0.25, 0.5, 1.0, 1.3])
case("Uniform", {"low": lo, "high": f32(lo + w)}, stats.uniform(lo, f32(lo + w) - lo), lo + w * u)
pg, kg = grid([1e-4, 0.01, 0.3, 0.999], [-1.0, 0.0, 1.0, 3.0, 50.0, 2000.0])
case("Geometric", {"probs": pg}, stats.geom(pg, loc=-1), kg, with_icdf=False)


# --- KL -------------------------------------------------------------------------------------
def quad_kl(p, q, lo, hi, pts=None):
    f = lambda t: np.exp(p.logpdf(t)) * (p.logpdf(t) - q.logpdf(t))
    return integrate.quad(f, lo, hi, points=pts, limit=500, epsabs=1e-13, epsrel=1e-11)[0]


lp = [(0.0, 1.0), (2.0, 0.1), (-3.0, 2.0), (1.0, 1.0), (0.0, 0.01)]
lq = [(0.5, 2.0), (0.0, 1.0), (-3.0, 0.5), (1.0, 1.0), (5.0, 3.0)]
# LogNormal: the log-normal density integrated over log x (t = log x): KL of the normals of t.
out["kl"].append({"pair": "LogNormal-LogNormal",
                  "p": {"loc": [a for a, _ in lp], "scale": [b for _, b in lp]},
                  "q": {"loc": [a for a, _ in lq], "scale": [b for _, b in lq]},
                  "kl": [quad_kl(stats.lognorm(s=b, scale=np.exp(a)), stats.lognorm(s=d, scale=np.exp(c)), 0, np.inf,
                                 None) if b >= 0.1 else
                         float(np.log(d / b) + (b * b + (a - c) ** 2) / (2 * d * d) - 0.5)
                         for (a, b), (c, d) in zip(lp, lq)]})
hp, hq = [1.0, 0.01, 50.0, 2.0], [2.0, 1.0, 0.5, 2.0]
out["kl"].append({"pair": "HalfNormal-HalfNormal", "p": {"scale": hp}, "q": {"scale": hq},
                  "kl": [quad_kl(stats.halfnorm(scale=a), stats.halfnorm(scale=b), 0, 40 * a) for a, b in zip(hp, hq)]})
pp, pq = [0.5, 3.0, 200.0, 1e-3, 7.0], [1.0, 3.5, 180.0, 0.1, 7.0]


def poisson_kl(a, b):
    k = np.arange(0, 2000)
    lpa, lpb = stats.poisson(a).logpmf(k), stats.poisson(b).logpmf(k)
    return float(np.sum(np.exp(lpa) * (lpa - lpb)))


out["kl"].append({"pair": "Poisson-Poisson", "p": {"rate": pp}, "q": {"rate": pq}, "kl": [poisson_kl(a, b) for a, b in zip(pp, pq)]})
gp = [(0.0, 1.0), (1.0, 0.5), (-2.0, 3.0), (4.0, 1.0), (0.0, 2.0)]
gq = [(0.5, 2.0), (0.0, 1.0), (1.0, 1.5), (4.0, 1.0), (-1.0, 0.7)]
out["kl"].append({"pair": "Gumbel-Gumbel",
                  "p": {"loc": [a for a, _ in gp], "scale": [b for _, b in gp]},
                  "q": {"loc": [a for a, _ in gq], "scale": [b for _, b in gq]},
                  "kl": [quad_kl(stats.gumbel_r(a, b), stats.gumbel_r(c, d), a - 10 * b, a + 60 * b, [a])
                         for (a, b), (c, d) in zip(gp, gq)]})

path = os.path.join(os.path.dirname(__file__), "..", "fixtures", "scipy-extra.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path))
