/**
 * A trained VAE on disk: `config.json` (architecture and data shape) + the parameters.
 *
 * @module
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PersistenceError, ParamStore } from '@aevb/core';
import { loadParams, saveParams, writeFileAtomic } from '@aevb/core/node';
import type { VaeConfig } from './model.js';

/** Format tag and version of a saved VAE. @category VAE */
export const SAVED_VAE_FORMAT = { format: 'aevb-vae', version: 1 } as const;

/** What `config.json` of a saved VAE holds. @category VAE */
export interface SavedVaeConfig extends VaeConfig {
  /** Image height (for pictures). */
  readonly height: number;
  /** Image width. */
  readonly width: number;
  /** Encoder hidden sizes. */
  readonly encoderHidden: readonly number[];
}

/** Writes a trained model to `dir`. @category VAE */
export async function saveVae(dir: string, config: SavedVaeConfig, store: ParamStore): Promise<void> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new PersistenceError(`cannot create model folder '${dir}': ${(e as Error).message}`);
  }
  await saveParams(store, dir);
  await writeFileAtomic(join(dir, 'config.json'), JSON.stringify({ ...SAVED_VAE_FORMAT, ...config }, null, 2));
}

/** Reads a saved model's configuration and parameters; errors name the file and problem. @category VAE */
export async function loadVae(dir: string): Promise<{ config: SavedVaeConfig; store: ParamStore }> {
  const file = join(dir, 'config.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    // A training run's output folder holds the saved model in its model/ subfolder.
    const hint = existsSync(join(dir, 'model', 'config.json')) ? `; '${dir}' is a training run's folder, its model is --model ${join(dir, 'model')}` : '';
    throw new PersistenceError(`${file}: cannot read a saved VAE (${(e as Error).message})${hint}`);
  }
  const o = raw as Record<string, unknown>;
  if (o['format'] !== SAVED_VAE_FORMAT.format) throw new PersistenceError(`${file}: not a saved aevb VAE (format ${String(o['format'])})`);
  if (o['version'] !== SAVED_VAE_FORMAT.version) {
    throw new PersistenceError(`${file}: format version ${String(o['version'])}; this aevb reads version ${SAVED_VAE_FORMAT.version}`);
  }
  for (const k of ['dataDim', 'latent', 'hidden', 'height', 'width']) {
    if (typeof o[k] !== 'number') throw new PersistenceError(`${file}: field '${k}' is missing or not a number`);
  }
  const config = o as unknown as SavedVaeConfig;
  const store = new ParamStore();
  await loadParams(store, dir);
  return { config, store };
}
