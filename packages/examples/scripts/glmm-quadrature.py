"""Exact reference of the Poisson GLMM gallery entry (packages/examples/src/gallery/poisson-glmm.ts).

Given (b0, sigma) the six group effects are independent, so
    p(y) = ∫∫ N(b0; 0, 2²) HalfNormal(sigma; 1) Π_g ∫ N(t; 0, 1) Π_{i in g} Poisson(y_i; exp(b0 + sigma t)) dt db0 dsigma
is a 2-D trapezoid quadrature of 1-D trapezoid quadratures (u_g = sigma t). Posterior means and sds of b0,
sigma and u_g (E[u_g | y] = E[sigma E[t | b0, sigma, y]]) come from the same grids. Two grid sizes are
computed; the reference is the finer one and the script fails if they differ by more than 1e-5.

Usage: node -e "import('./packages/examples/dist/index.js').then(m => console.log(JSON.stringify(m.glmmData())))" \
         | python3 packages/examples/scripts/glmm-quadrature.py > packages/examples/src/gallery/poisson-glmm-reference.ts
"""
import json
import sys

import numpy as np
from scipy.special import gammaln, logsumexp

GROUPS = 6


def trapezoid(lo, hi, n):
    x = np.linspace(lo, hi, n)
    w = np.full(n, x[1] - x[0])
    w[[0, -1]] /= 2
    return x, np.log(w)


def reference(y, group, nb, ns, nt):
    b0, lwb = trapezoid(-2.5, 3.5, nb)
    sig, lws = trapezoid(1e-9, 4.0, ns)
    t, lwt = trapezoid(-9.0, 9.0, nt)
    log_phi = -0.5 * t**2 - 0.5 * np.log(2 * np.pi) + lwt
    log_prior_b0 = -0.5 * (b0 / 2) ** 2 - np.log(2 * np.sqrt(2 * np.pi)) + lwb
    log_prior_sigma = -0.5 * sig**2 + np.log(2 / np.sqrt(2 * np.pi)) + lws
    joint = log_prior_b0[:, None] + log_prior_sigma[None, :]
    cond_u = []
    s = b0[:, None, None] + sig[None, :, None] * t[None, None, :]
    for g in range(GROUPS):
        yg = y[group == g]
        log_inner = yg.sum() * s - len(yg) * np.exp(s) - gammaln(yg + 1).sum() + log_phi
        lf = logsumexp(log_inner, axis=2)
        w = np.exp(log_inner - lf[:, :, None])
        cond_u.append((sig[None, :] * (w * t).sum(2), sig[None, :] ** 2 * (w * t**2).sum(2)))
        joint = joint + lf
    log_z = logsumexp(joint)
    p = np.exp(joint - log_z)
    out = {"logEvidence": float(log_z)}
    for name, m1, m2 in [("b0", b0[:, None], b0[:, None] ** 2), ("sigma", sig[None, :], sig[None, :] ** 2)] + [
        (f"u[{g}]", cu[0], cu[1]) for g, cu in enumerate(cond_u)
    ]:
        mean = float((p * m1).sum())
        out[name] = {"mean": mean, "sd": float(np.sqrt((p * m2).sum() - mean**2))}
    return out


def main():
    d = json.load(sys.stdin)
    y, group = np.array(d["y"], float), np.array(d["group"])
    coarse = reference(y, group, 200, 200, 401)
    fine = reference(y, group, 400, 400, 801)
    diff = max(abs(coarse["logEvidence"] - fine["logEvidence"]), *(abs(coarse[k]["mean"] - fine[k]["mean"]) for k in fine if k != "logEvidence"))
    if diff > 1e-5:
        sys.exit(f"quadrature not converged: grids differ by {diff}")
    posterior = {k: v for k, v in fine.items() if k != "logEvidence"}
    print("// Written by packages/examples/scripts/glmm-quadrature.py (SciPy); do not edit by hand.")
    print("import type { GlmmReference } from './poisson-glmm.js';\n")
    print("/** The exact reference of the Poisson GLMM gallery entry (nested quadrature). @category Gallery */")
    body = {"posterior": posterior, "logEvidence": fine["logEvidence"], "gridAgreement": diff,
            "method": "nested trapezoid quadrature over (b0, sigma) and each group's effect; 400 x 400 x 801 points, agreeing with 200 x 200 x 401 to the stated gridAgreement"}
    print("export const GLMM_REFERENCE: GlmmReference = " + json.dumps(body, indent=2) + ";")


main()
