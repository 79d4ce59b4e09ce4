"""Writes fixtures/scipy-advanced.json: SciPy (float64) references for D2's code: special functions,
Gamma, Beta, Dirichlet, MultivariateNormal, LowRankMultivariateNormal and their KL divergences,
over parameter grids that include extreme values. Run: python3 scripts/gen-fixtures-advanced.py

KL references are computed independently of the closed forms where feasible: by numerical
integration (scipy.integrate.quad) for Gamma and Beta, and by dense float64 linear algebra for the
Gaussians."""
import json
import os

import numpy as np
from scipy import integrate, special, stats

rng = np.random.default_rng(20240611)
out = {"generator": "scripts/gen-fixtures-advanced.py", "special": {}, "families": [], "kl": []}


def L(x):
    return np.asarray(x, dtype=float).tolist()


# --- special functions over wide ranges -------------------------------------------------------
xs = np.array([1e-30, 1e-8, 1e-3, 0.1, 0.5, 0.999, 1.0, 1.5, 2.0, 2.5, 3.7, 7.9, 8.0, 10.0, 33.3, 1e3, 1e5, 1e7, 1e15, 1e30])
out["special"]["lgamma"] = {"x": L(xs), "y": L(special.gammaln(xs))}
dx = xs[xs <= 1e15]
out["special"]["digamma"] = {"x": L(dx), "y": L(special.digamma(dx))}
a = np.array([1e-20, 1e-3, 0.5, 1.0, 2.5, 7.0, 8.0, 30.0, 1e3, 1e6, 1e10, 0.3, 1e6])
b = np.array([1e-20, 2.0, 0.5, 1.0, 1e4, 9.0, 0.01, 40.0, 1e3, 1e6, 1.0, 1e8, 2.0])
out["special"]["logBeta"] = {"a": L(a), "b": L(b), "y": L(special.betaln(a, b))}
sp = np.array([1e-6, 1e-3, 0.5, 1.0, 5.0, 20.0, 80.0])
out["special"]["softplusInverse"] = {"x": L(sp), "y": L(np.log(np.expm1(sp)))}
lm = np.array([-1e-6, -0.1, -0.6931, -0.7, -2.0, -30.0])
out["special"]["log1mexp"] = {"x": L(lm), "y": L(np.log(-np.expm1(lm)))}
lp = np.array([-0.9, -0.3, -0.09, -1e-3, 1e-5, 0.05, 0.099, 0.2, 3.0, 1e4])
out["special"]["log1pmx"] = {"x": L(lp), "y": L(np.log1p(lp) - lp)}


def scalar_family(name, family, params, value, frozen, kl_extra=None):
    mean, var = frozen.stats(moments="mv")
    case = {
        "name": name,
        "family": family,
        "params": {k: L(v) for k, v in params.items()},
        "value": L(value),
        "logProb": L(frozen.logpdf(value)),
        "cdf": L(frozen.cdf(value)),
        "mean": L(mean),
        "variance": L(var),
        "entropy": L(frozen.entropy()),
    }
    out["families"].append(case)


# --- Gamma: small, moderate, large and extreme concentrations -----------------------------------
ga = np.array([1e-3, 0.1, 0.5, 1.0, 2.0, 7.5, 8.0, 50.0, 1e3, 1e5, 1e7])
gb = np.array([1.0, 2.0, 0.5, 1.0, 3.0, 1e-3, 1.0, 1e3, 1.0, 0.01, 1.0])
gx = np.array([1e-5, 0.01, 0.3, 2.0, 0.4, 9000.0, 6.0, 0.05, 1010.0, 1.0005e7, 1.0001e7])
scalar_family("Gamma grid", "Gamma", {"concentration": ga, "rate": gb}, gx, stats.gamma(ga, scale=1 / gb))

# --- Beta -------------------------------------------------------------------------------------
ba = np.array([0.01, 0.5, 1.0, 2.0, 5.0, 0.2, 100.0, 1e4, 3.0])
bb = np.array([0.01, 0.5, 1.0, 3.0, 1.0, 0.3, 200.0, 1e4, 1e4])
bx = np.array([0.5, 0.1, 0.37, 0.4, 0.95, 0.999, 0.33, 0.5, 3e-4])
scalar_family("Beta grid", "Beta", {"concentration1": ba, "concentration0": bb}, bx, stats.beta(ba, bb))

# --- Dirichlet (batch of 4, K = 3) -----------------------------------------------------------------
da = np.array([[1.0, 1.0, 1.0], [0.1, 0.5, 2.0], [10.0, 20.0, 30.0], [1e3, 1e3, 5e2]])
dv = np.array([[0.2, 0.3, 0.5], [0.05, 0.15, 0.8], [0.2, 0.3, 0.5], [0.4, 0.38, 0.22]])
out["families"].append({
    "name": "Dirichlet grid", "family": "Dirichlet", "params": {"concentration": L(da)}, "value": L(dv),
    "logProb": [stats.dirichlet.logpdf(v, c) for v, c in zip(dv, da)],
    "mean": L([stats.dirichlet.mean(c) for c in da]), "variance": L([stats.dirichlet.var(c) for c in da]),
    "entropy": [float(stats.dirichlet.entropy(c)) for c in da],
})


# --- Multivariate normals (batch of 3, n = 4) ------------------------------------------------------
def spd(n, cond):
    q, _ = np.linalg.qr(rng.normal(size=(n, n)))
    ev = np.geomspace(1.0, cond, n) * rng.uniform(0.5, 2.0)
    return (q * ev) @ q.T


n = 4
covs = np.stack([spd(n, 3.0), spd(n, 100.0), np.diag([1e-2, 1.0, 10.0, 1e2])])
locs = rng.normal(size=(3, n))
vals = locs + rng.normal(size=(3, n))
mvn = {
    "logProb": [stats.multivariate_normal(m, c).logpdf(v) for m, c, v in zip(locs, covs, vals)],
    "mean": L(locs), "variance": L([np.diag(c) for c in covs]),
    "entropy": [stats.multivariate_normal(m, c).entropy() for m, c in zip(locs, covs)],
}
for kind, mats in [("scaleTril", np.linalg.cholesky(covs)), ("covariance", covs), ("precision", np.linalg.inv(covs))]:
    out["families"].append({"name": f"MVN({kind})", "family": "MultivariateNormal", "params": {"loc": L(locs), kind: L(mats)},
                            "value": L(vals), **mvn})

k = 2
W = rng.normal(size=(3, n, k))
D = rng.uniform(0.1, 2.0, size=(3, n))
lr_cov = W @ np.transpose(W, (0, 2, 1)) + np.stack([np.diag(d) for d in D])
out["families"].append({
    "name": "LowRankMVN", "family": "LowRankMultivariateNormal", "params": {"loc": L(locs), "covFactor": L(W), "covDiag": L(D)},
    "value": L(vals),
    "logProb": [stats.multivariate_normal(m, c).logpdf(v) for m, c, v in zip(locs, lr_cov, vals)],
    "mean": L(locs), "variance": L([np.diag(c) for c in lr_cov]),
    "entropy": [stats.multivariate_normal(m, c).entropy() for m, c in zip(locs, lr_cov)],
})


# --- KL divergences ------------------------------------------------------------------------------
def kl_quad(p, q, lo, hi):
    """KL(p || q) by quad in t = log x over p's 1e-15 .. 1 - 1e-15 quantiles (the omitted tails
    carry < 1e-13 of the integral here)."""
    def f(t):
        x = np.exp(t)
        lp = p.logpdf(x)
        return np.exp(lp + t) * (lp - q.logpdf(x))
    t0, t1 = np.log(p.ppf(1e-15)), np.log(p.ppf(1 - 1e-15))
    pts = [np.log(p.ppf(u)) for u in (1e-6, 0.01, 0.5, 0.99)]
    val, _ = integrate.quad(f, t0, t1, points=pts, limit=500, epsabs=1e-13, epsrel=1e-11)
    return val


def kl_quad_unit(p, q):
    """KL(p || q) on (0, 1) by quad in x (endpoints never evaluated; singularities integrable)."""
    f = lambda x: np.exp(p.logpdf(x)) * (p.logpdf(x) - q.logpdf(x))
    val, _ = integrate.quad(f, 0, 1, points=[0.01, 0.5, 0.99], limit=500, epsabs=1e-13, epsrel=1e-11)
    return val


gp = [(0.5, 1.0), (2.0, 3.0), (50.0, 10.0), (1.0, 1.0), (0.2, 0.01)]
gq = [(1.0, 2.0), (2.5, 1.0), (40.0, 9.0), (1.0, 1.0), (0.3, 0.02)]
out["kl"].append({"pair": "Gamma-Gamma",
                  "p": {"concentration": [a for a, _ in gp], "rate": [b for _, b in gp]},
                  "q": {"concentration": [a for a, _ in gq], "rate": [b for _, b in gq]},
                  "kl": [kl_quad(stats.gamma(a, scale=1 / b), stats.gamma(c, scale=1 / d), 0, np.inf) for (a, b), (c, d) in zip(gp, gq)]})
bp = [(0.5, 0.5), (2.0, 3.0), (50.0, 10.0), (1.0, 1.0), (3.0, 0.7)]
bq = [(1.0, 2.0), (2.5, 1.0), (40.0, 9.0), (1.0, 1.0), (0.9, 0.9)]
out["kl"].append({"pair": "Beta-Beta",
                  "p": {"concentration1": [a for a, _ in bp], "concentration0": [b for _, b in bp]},
                  "q": {"concentration1": [a for a, _ in bq], "concentration0": [b for _, b in bq]},
                  "kl": [kl_quad_unit(stats.beta(a, b), stats.beta(c, d)) for (a, b), (c, d) in zip(bp, bq)]})


def kl_dir(a, b):
    a0, b0 = a.sum(), b.sum()
    return (special.gammaln(a0) - special.gammaln(a).sum() - special.gammaln(b0) + special.gammaln(b).sum()
            + ((a - b) * (special.digamma(a) - special.digamma(a0))).sum())


dq = np.array([[2.0, 1.0, 0.5], [1.0, 1.0, 1.0], [12.0, 25.0, 20.0], [900.0, 1100.0, 400.0]])
out["kl"].append({"pair": "Dirichlet-Dirichlet", "p": {"concentration": L(da)}, "q": {"concentration": L(dq)},
                  "kl": [float(kl_dir(a, b)) for a, b in zip(da, dq)]})


def kl_gauss(m0, S0, m1, S1):
    S1i = np.linalg.inv(S1)
    d = m1 - m0
    return 0.5 * (np.trace(S1i @ S0) + d @ S1i @ d - len(m0) + np.linalg.slogdet(S1)[1] - np.linalg.slogdet(S0)[1])


covs_q = np.stack([spd(n, 5.0), spd(n, 20.0), spd(n, 2.0)])
locs_q = rng.normal(size=(3, n))
out["kl"].append({"pair": "MVN-MVN", "p": {"loc": L(locs), "covariance": L(covs)}, "q": {"loc": L(locs_q), "covariance": L(covs_q)},
                  "kl": [kl_gauss(a, b, c, d) for a, b, c, d in zip(locs, covs, locs_q, covs_q)]})
out["kl"].append({"pair": "LowRankMVN-MVN", "p": {"loc": L(locs), "covFactor": L(W), "covDiag": L(D)},
                  "q": {"loc": L(locs_q), "covariance": L(covs_q)},
                  "kl": [kl_gauss(a, b, c, d) for a, b, c, d in zip(locs, lr_cov, locs_q, covs_q)]})

path = os.path.join(os.path.dirname(__file__), "..", "fixtures", "scipy-advanced.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path))
