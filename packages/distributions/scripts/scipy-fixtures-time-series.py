"""Writes src/testing/scipy-time-series.json: SciPy references for the Gaussian time-series families
(GaussianRandomWalk, AR1), read by the family battery in src/families.test.ts with the cases of
scipy-fixtures.json. Run: python3 scripts/scipy-fixtures-time-series.py

Each series is written as one dense multivariate normal, independently of the O(T) innovation form
the library uses: with b = [m0, c, ..., c] and D = diag(s0, sigma, ..., sigma), the process is
x = M (b + D eps), M[t, k] = phi^(t - k) for t >= k (phi = 1 for the random walk), so
mean = M b and covariance = M D^2 M^T; log-density and entropy come from
scipy.stats.multivariate_normal in float64. Parameters and values are rounded to float32 first, so
the references are exact for the tensors the tests build. The marginals are Gaussian: excess
kurtosis 0."""
import json
import os

import numpy as np
from scipy import stats

rng = np.random.default_rng(20240917)


def f32(x):
    return np.asarray(x, dtype=np.float32).astype(np.float64)


def dense(m0, s0, c, phi, sigma, t):
    """Mean and covariance of x_1 ~ N(m0, s0^2), x_t = c + phi x_{t-1} + sigma eps_t."""
    idx = np.arange(t)
    lag = idx[:, None] - idx[None, :]
    m = np.where(lag >= 0, phi ** np.maximum(lag, 0), 0.0)
    b = np.full(t, c)
    b[0] = m0
    d = np.full(t, sigma)
    d[0] = s0
    return m @ b, m @ np.diag(d**2) @ m.T


def case(name, family, params, num_steps, members, init=None):
    """members: per batch member (m0, s0, c, phi, sigma) in float64 of the float32 parameters."""
    values, lps, means, variances, entropies = [], [], [], [], []
    for m0, s0, c, phi, sigma in members:
        mean, cov = dense(m0, s0, c, phi, sigma, num_steps)
        mvn = stats.multivariate_normal(mean, cov)
        x = f32(rng.multivariate_normal(mean, cov))
        values.append(x)
        lps.append(float(mvn.logpdf(x)))
        means.append(mean)
        variances.append(np.diag(cov))
        entropies.append(float(mvn.entropy()))
    if all(np.ndim(v) == 0 for v in params.values()):  # batch shape []: one series, no batch axis
        values, means, variances = values[0], means[0], variances[0]
    out = {
        "name": name,
        "family": family,
        "params": {k: np.asarray(v, dtype=float).tolist() for k, v in params.items()},
        "numSteps": num_steps,
        "value": np.asarray(values).tolist(),
        "logProb": lps,
        "mean": np.asarray(means).tolist(),
        "variance": np.asarray(variances).tolist(),
        "excessKurtosis": [0.0] * (len(members) * num_steps),
        "entropy": entropies,
    }
    if init is not None:
        out["init"] = {k: np.asarray(v, dtype=float).tolist() for k, v in init.items()}
    return out


cases = []

# Gaussian random walk: scales over five orders of magnitude, x_1 ~ N(0, scale^2).
scale = f32([1e-3, 1.0, 50.0])
cases.append(case("GaussianRandomWalk", "GaussianRandomWalk", {"scale": scale}, 8, [(0.0, s, 0.0, 1.0, s) for s in scale]))
# A given initial scale, broadcast against a batch of step scales.
scale, init_scale = f32([0.2, 3.0]), f32(2.0)
cases.append(
    case("GaussianRandomWalk(initScale)", "GaussianRandomWalk", {"scale": scale, "initScale": init_scale}, 5,
         [(0.0, init_scale, 0.0, 1.0, s) for s in scale])
)
cases.append(case("GaussianRandomWalk(T=1)", "GaussianRandomWalk", {"scale": f32([0.7])}, 1, [(0.0, f32(0.7), 0.0, 1.0, f32(0.7))]))

# AR(1), stationary start: m0 = c/(1 - phi), s0 = sigma/sqrt(1 - phi^2), phi near +-1 included.
loc, coef, sig = f32([0.0, 0.5, -1.0, 2.0]), f32([0.5, 0.99, -0.9, 0.0]), f32([1.0, 0.1, 2.0, 0.3])
cases.append(
    case("AR1(stationary)", "AR1", {"loc": loc, "coef": coef, "scale": sig}, 10,
         [(c / (1 - p), s / np.sqrt(1 - p * p), c, p, s) for c, p, s in zip(loc, coef, sig)])
)
# AR(1) with a given start: a random walk with drift (phi = 1) and an explosive process (phi = 1.5).
loc, coef, sig = f32(0.2), f32([0.0, 1.0, 1.5]), f32([0.3, 1.0, 0.5])
m0, s0 = f32([1.0, -1.0, 0.0]), f32([0.1, 2.0, 1.0])
cases.append(
    case("AR1(init)", "AR1", {"loc": loc, "coef": coef, "scale": sig}, 6,
         [(a, b, loc, p, s) for a, b, p, s in zip(m0, s0, coef, sig)], init={"loc": m0, "scale": s0})
)
# A long stationary series, as in a stochastic-volatility model.
loc, coef, sig = f32(-0.05), f32(0.95), f32(0.25)
cases.append(
    case("AR1(stationary, T=60)", "AR1", {"loc": loc, "coef": coef, "scale": sig}, 60,
         [(loc / (1 - coef), sig / np.sqrt(1 - coef * coef), loc, coef, sig)])
)
cases.append(case("AR1(T=1)", "AR1", {"coef": f32([0.3]), "scale": f32([2.0])}, 1, [(0.0, f32(2.0) / np.sqrt(1 - f32(0.3) ** 2), 0.0, f32(0.3), f32(2.0))]))

path = os.path.join(os.path.dirname(__file__), "..", "src", "testing", "scipy-time-series.json")
with open(path, "w") as f:
    json.dump({"generator": "scripts/scipy-fixtures-time-series.py", "cases": cases}, f, indent=1)
print(f"wrote {len(cases)} cases to {path}")
