/**
 * aevb's own immer instance. Site records are produced and frozen by it rather than by immer's
 * module-level `produce`, so that importing `@aevb/core` changes no global immer setting (a
 * project that calls `setAutoFreeze(false)` for its own state keeps it) and aevb's records stay
 * frozen whatever the project sets. This keeps the module free of import-time side effects.
 *
 * @module
 */
import { Immer } from 'immer';

const immer = new Immer({ autoFreeze: true });

/**
 * immer's `produce`, bound to aevb's instance (auto-freeze on).
 *
 * @internal
 */
export const produce: Immer['produce'] = immer.produce;
