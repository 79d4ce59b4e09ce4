/**
 * The gallery: every model with a known answer, by CLI name.
 *
 * @module
 */
import { AevbError } from '@aevb/core';
import { betaBernoulli } from './beta-bernoulli.js';
import { cvaeEntry } from './cvae.js';
import { dlgmEntry } from './dlgm.js';
import { eightSchools, eightSchoolsCenteredEntry } from './eight-schools.js';
import { gammaExponential } from './gamma-exponential.js';
import { gammaPoisson } from './gamma-poisson.js';
import { linearRegression } from './linear-regression.js';
import { logisticRegression } from './logistic-regression.js';
import { poissonGlmm } from './poisson-glmm.js';
import { ppca } from './ppca.js';
import { stateSpace } from './state-space.js';
import { stochasticVolatility } from './stochastic-volatility.js';
import type { GalleryEntry } from './types.js';

/** Every gallery entry, in listing order. @category Gallery */
export const GALLERY: readonly GalleryEntry[] = [
  linearRegression,
  logisticRegression,
  betaBernoulli,
  gammaExponential,
  gammaPoisson,
  eightSchools,
  eightSchoolsCenteredEntry,
  stateSpace,
  stochasticVolatility,
  poissonGlmm,
  ppca,
  dlgmEntry,
  cvaeEntry,
];

/**
 * The entry called `name`; an unknown name throws an `AevbError` (from `@aevb/core`) that
 * lists the known ones.
 *
 * @category Gallery
 */
export function galleryEntry(name: string): GalleryEntry {
  const e = GALLERY.find((g) => g.name === name);
  if (e === undefined) throw new AevbError(`unknown example '${name}'; known examples: ${GALLERY.map((g) => g.name).join(', ')}`);
  return e;
}
