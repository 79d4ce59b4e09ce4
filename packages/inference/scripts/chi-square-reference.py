#!/usr/bin/env python3
"""Writes src/mcmc/testing/chi-square-reference.ts: chi-square cdf values and quantiles from SciPy,
the reference of chi-square.test.ts. Run: python3 packages/inference/scripts/chi-square-reference.py"""
from pathlib import Path
from scipy.stats import chi2

cdf = [(d, x, float(chi2.cdf(x, d))) for d in (1, 2, 3, 8, 10, 25) for x in (0.3, 2.5, 7.0, 19.5, 40.0)]
quantiles = [(p, d, float(chi2.ppf(p, d))) for p, d in ((0.5, 8), (0.95, 1), (0.9, 10), (0.25, 3), (0.999, 50))]
lines = [
    '// Written by packages/inference/scripts/chi-square-reference.py (SciPy chi2.cdf / chi2.ppf). Do not edit.',
    '/** [d, x, P(χ²_d ≤ x)]. */',
    'export const CHI2_CDF: readonly (readonly [number, number, number])[] = [',
    *[f'  [{d}, {x!r}, {v!r}],' for d, x, v in cdf],
    '];',
    '/** [p, d, F⁻¹_{χ²_d}(p)]. */',
    'export const CHI2_QUANTILE: readonly (readonly [number, number, number])[] = [',
    *[f'  [{p!r}, {d}, {v!r}],' for p, d, v in quantiles],
    '];',
]
out = Path(__file__).resolve().parent.parent / 'src' / 'mcmc' / 'testing' / 'chi-square-reference.ts'
out.write_text('\n'.join(lines) + '\n')
print(f'wrote {out}')
