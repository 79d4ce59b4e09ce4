/**
 * `@aevb/distributions/special`: differentiable special functions for writing log-densities of
 * your own families or likelihoods (the ones aevb's families use): log-gamma, digamma, log-beta,
 * the normal CDF and its inverse, the error function and its inverse, and numerically careful
 * `log(1 − exp(−x))`, `log(1 + x) − x`, `x·log(y)` and the inverse softplus; and, on plain
 * float64 numbers, the regularized incomplete gamma function.
 *
 * @packageDocumentation
 */
export { lgamma, digamma, logBeta, softplusInverse, log1mexp, log1pmx, xlogy } from './internal/special.js';
export { ndtr, ndtri, erf, erfinv } from './internal/normal-cdf.js';
export { regularizedGammaP } from './internal/igamma64.js';
