"""Writes src/testing/scipy-fixtures.json: reference log-densities and moments from SciPy
for the family battery in src/families.test.ts. Run: python3 scripts/scipy-fixtures.py"""
import json
import os

import numpy as np
from scipy import stats
from scipy.special import expit


def scalar_case(name, family, params, values, frozen, cdf_at=None, closed_form_entropy=True):
    """frozen: a SciPy frozen distribution over numpy arrays of the batch shape. cdf_at: points
    (one per batch member, default the values) where the draws' empirical CDF is compared."""
    mean, var, skew, kurt = frozen.stats(moments="mvsk")
    at = np.asarray(values if cdf_at is None else cdf_at, dtype=float)
    finite = bool(np.all(np.isfinite(mean)))
    return {
        "name": name,
        "family": family,
        "params": {k: np.asarray(v, dtype=float).tolist() for k, v in params.items()},
        "value": np.asarray(values, dtype=float).tolist(),
        "logProb": np.asarray(logpdf(frozen, values)).tolist(),
        **(
            {
                "mean": np.asarray(mean).tolist(),
                "variance": np.asarray(var).tolist(),
                "excessKurtosis": np.asarray(kurt).tolist(),
            }
            if finite
            else {}
        ),
        "entropy": np.asarray(frozen.entropy()).tolist(),
        "closedFormEntropy": closed_form_entropy,
        "cdfAt": at.tolist(),
        "cdf": np.asarray(frozen.cdf(at)).tolist(),
    }


def logpdf(frozen, values):
    return frozen.logpmf(values) if hasattr(frozen, "logpmf") else frozen.logpdf(values)


cases = []
loc, scale = np.array([0.0, 1.5, -2.0]), np.array([1.0, 0.5, 3.0])
cases.append(scalar_case("Normal", "Normal", {"loc": loc, "scale": scale}, [0.3, 1.0, 4.0], stats.norm(loc, scale)))
cases.append(scalar_case("Laplace", "Laplace", {"loc": loc, "scale": scale}, [0.3, 1.0, 4.0], stats.laplace(loc, scale)))
rate = np.array([0.5, 1.0, 3.0])
cases.append(scalar_case("Exponential", "Exponential", {"rate": rate}, [0.1, 2.0, 0.7], stats.expon(scale=1 / rate)))
low, high = np.array([0.0, -1.0, 2.0]), np.array([1.0, 1.0, 5.0])
cases.append(
    scalar_case("Uniform", "Uniform", {"low": low, "high": high}, [0.5, -0.3, 4.9], stats.uniform(low, high - low))
)
a, b = np.array([0.1, 0.5, 2.0, 9.0]), np.array([1.0, 1.0, 3.0, 0.5])
cases.append(
    scalar_case(
        "Gamma", "Gamma", {"concentration": a, "rate": b}, [0.05, 0.2, 0.5, 20.0], stats.gamma(a, scale=1 / b)
    )
)
a, b = np.array([0.5, 2.0, 5.0, 0.2]), np.array([0.5, 3.0, 1.0, 0.3])
cases.append(
    scalar_case(
        "Beta", "Beta", {"concentration1": a, "concentration0": b}, [0.1, 0.4, 0.95, 0.5], stats.beta(a, b)
    )
)
p = np.array([0.1, 0.5, 0.9])
cases.append(scalar_case("Bernoulli(probs)", "Bernoulli", {"probs": p}, [1, 0, 1], stats.bernoulli(p)))
logits = np.array([-2.0, 0.0, 3.0])
cases.append(
    scalar_case("Bernoulli(logits)", "Bernoulli", {"logits": logits}, [0, 1, 1], stats.bernoulli(expit(logits)))
)

scale_h = np.array([0.5, 1.0, 4.0])
cases.append(scalar_case("HalfNormal", "HalfNormal", {"scale": scale_h}, [0.1, 1.2, 3.0], stats.halfnorm(scale=scale_h)))
cases.append(scalar_case("Cauchy", "Cauchy", {"loc": loc, "scale": scale}, [0.3, 1.0, 4.0], stats.cauchy(loc, scale)))
# Rates on both sides of the sampler switch at 10 (inversion below, PTRS above).
lam = np.array([0.3, 4.0, 9.9, 10.0, 150.0])
cases.append(
    scalar_case(
        "Poisson", "Poisson", {"rate": lam}, [0, 3, 12, 9, 140], stats.poisson(lam), closed_form_entropy=False
    )
)

# D3's families.
cases.append(scalar_case("LogNormal", "LogNormal", {"loc": loc, "scale": [0.25, 0.5, 0.8]}, [0.9, 5.0, 0.4],
                         stats.lognorm(s=np.array([0.25, 0.5, 0.8]), scale=np.exp(loc))))
cases.append(scalar_case("Logistic", "Logistic", {"loc": loc, "scale": scale}, [0.3, 1.0, 4.0], stats.logistic(loc, scale)))
df = np.array([4.5, 6.0, 30.0])
cases.append(scalar_case("StudentT", "StudentT", {"df": df, "loc": loc, "scale": scale}, [0.3, 1.0, 4.0],
                         stats.t(df, loc, scale)))
cases.append(scalar_case("Gumbel", "Gumbel", {"loc": loc, "scale": scale}, [0.3, 1.0, 4.0], stats.gumbel_r(loc, scale)))
cases.append(scalar_case("HalfCauchy", "HalfCauchy", {"scale": scale_h}, [0.1, 1.2, 3.0], stats.halfcauchy(scale=scale_h)))
n_b, p_b = np.array([1.0, 10.0, 50.0, 200.0]), np.array([0.3, 0.5, 0.05, 0.9])
cases.append(scalar_case("Binomial(probs)", "Binomial", {"totalCount": n_b, "probs": p_b}, [1, 4, 3, 185],
                         stats.binom(n_b, p_b), closed_form_entropy=False))
lb = np.array([-1.0, 0.0, 2.5, -3.0])
cases.append(scalar_case("Binomial(logits)", "Binomial", {"totalCount": n_b, "logits": lb}, [0, 6, 40, 9],
                         stats.binom(n_b, expit(lb)), closed_form_entropy=False))
# Large counts on both samplers (BTRS for n·min(p, 1 − p) >= 10, inversion below) and both sides of p = ½.
n_l, p_l = np.array([1e5, 1e4, 5e5, 30.0, 1e6]), np.array([0.3, 0.97, 1e-5, 0.5, 0.5])
cases.append(scalar_case("Binomial(large n)", "Binomial", {"totalCount": n_l, "probs": p_l}, [30100, 9690, 4, 17, 500300],
                         stats.binom(n_l, p_l), closed_form_entropy=False))
p_g = np.array([0.05, 0.3, 0.9])
cases.append(scalar_case("Geometric(probs)", "Geometric", {"probs": p_g}, [10, 2, 0], stats.geom(p_g, loc=-1)))
lg = np.array([-2.0, 0.5, 3.0])
cases.append(scalar_case("Geometric(logits)", "Geometric", {"logits": lg}, [4, 1, 0], stats.geom(expit(lg), loc=-1)))

# Vector-valued and reduced families: log-densities and moments computed per batch member.
conc = np.array([[1.0, 1.0, 1.0], [0.5, 2.0, 3.0]])
dvals = np.array([[0.2, 0.3, 0.5], [0.1, 0.3, 0.6]])
ds = [stats.dirichlet(c) for c in conc]
cases.append(
    {
        "name": "Dirichlet",
        "family": "Dirichlet",
        "params": {"concentration": conc.tolist()},
        "value": dvals.tolist(),
        "logProb": [d.logpdf(v) for d, v in zip(ds, dvals)],
        "mean": [d.mean().tolist() for d in ds],
        "variance": [d.var().tolist() for d in ds],
        "entropy": [float(d.entropy()) for d in ds],
    }
)
probs = np.array([[0.2, 0.3, 0.5], [0.7, 0.2, 0.1]])
for label, key, arr in [("probs", "probs", probs), ("logits", "logits", np.log(probs) + 1.7)]:
    cs = [stats.multinomial(1, p) for p in probs]
    vals = [2, 0]
    cases.append(
        {
            "name": f"Categorical({label})",
            "family": "Categorical",
            "params": {key: arr.tolist()},
            "value": vals,
            "logProb": [float(np.log(p[v])) for p, v in zip(probs, vals)],
            "entropy": [float(c.entropy()) for c in cs],
            "probs": probs.tolist(),
        }
    )
loc2, scale2 = np.array([[0.0, 1.0, -1.0], [2.0, 0.0, 0.5]]), np.array([[1.0, 2.0, 0.5], [0.3, 1.0, 1.5]])
v2 = np.array([[0.5, 0.0, -1.2], [2.1, -0.4, 1.0]])
n2 = stats.norm(loc2, scale2)
cases.append(
    {
        "name": "Independent(Normal, 1)",
        "family": "IndependentNormal",
        "params": {"loc": loc2.tolist(), "scale": scale2.tolist()},
        "value": v2.tolist(),
        "logProb": n2.logpdf(v2).sum(-1).tolist(),
        "mean": loc2.tolist(),
        "variance": (scale2**2).tolist(),
        "entropy": n2.entropy().sum(-1).tolist(),
    }
)

# One-hot categorical: the categorical's numbers with one-hot values.
oh_vals = [2, 0]
cases.append(
    {
        "name": "OneHotCategorical",
        "family": "OneHotCategorical",
        "params": {"probs": probs.tolist()},
        "value": np.eye(3)[oh_vals].tolist(),
        "logProb": [float(np.log(p[v])) for p, v in zip(probs, oh_vals)],
        "mean": probs.tolist(),
        "variance": (probs * (1 - probs)).tolist(),
        "entropy": [float(stats.multinomial(1, p).entropy()) for p in probs],
    }
)

# Mixture of normals (batch 2, 3 components): logsumexp of weighted component densities; the
# entropy by quadrature (no closed form), the cdf as the weighted component cdfs.
from scipy import integrate  # noqa: E402

mw = np.array([[0.2, 0.5, 0.3], [0.6, 0.3, 0.1]])
ml = np.array([[-2.0, 0.0, 3.0], [1.0, 1.5, -4.0]])
ms = np.array([[0.5, 1.0, 2.0], [0.3, 0.6, 1.0]])
mv = np.array([0.4, -3.5])


def mix_pdf(b, x):
    return float(np.sum(mw[b] * stats.norm(ml[b], ms[b]).pdf(x)))


def mix_entropy(b):
    f = lambda x: -mix_pdf(b, x) * np.log(max(mix_pdf(b, x), 1e-300))
    return integrate.quad(f, -40, 40, points=list(ml[b]), limit=500, epsabs=1e-12)[0]


mmean = (mw * ml).sum(-1)
mvar = (mw * (ms**2 + ml**2)).sum(-1) - mmean**2
cases.append(
    {
        "name": "MixtureSameFamily(Normal)",
        "family": "MixtureNormal",
        "params": {"probs": mw.tolist(), "loc": ml.tolist(), "scale": ms.tolist()},
        "value": mv.tolist(),
        "logProb": [float(np.log(mix_pdf(b, mv[b]))) for b in range(2)],
        "mean": mmean.tolist(),
        "variance": mvar.tolist(),
        "entropy": [mix_entropy(b) for b in range(2)],
        "closedFormEntropy": False,
        "cdfAt": [0.0, -1.0],
        "cdf": [float(np.sum(mw[b] * stats.norm(ml[b], ms[b]).cdf(x))) for b, x in enumerate([0.0, -1.0])],
    }
)

out = os.path.join(os.path.dirname(__file__), "..", "src", "testing", "scipy-fixtures.json")
with open(out, "w") as f:
    json.dump({"generator": "scripts/scipy-fixtures.py", "cases": cases}, f, indent=1)
print(f"wrote {len(cases)} cases to {os.path.normpath(out)}")
