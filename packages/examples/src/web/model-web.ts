/**
 * Loading a model saved by `pnpm vae` in the page: from the build's `models/` folder (exported
 * by `pnpm demo --model`) or from files the user picks.
 *
 * @module
 */
import { ParamStore, PersistenceError, parseParamsManifest, restoreParams } from '@aevb/core';
import type { VaeConfig } from '../vae/model.js';
import { fetchOk } from './digits-web.js';
import type { InitialModel } from './trainer.js';

/** The architecture part of a saved VAE's `config.json`. @category Web */
export type SavedArchitecture = VaeConfig & { readonly height: number; readonly width: number; readonly encoderHidden: readonly number[] };

/**
 * Validates a saved VAE's `config.json` (format `aevb-vae`, version 1) for the MNIST page.
 *
 * @param where - the URL or file name, for error messages
 * @throws PersistenceError naming `where` and the field at fault
 * @category Web
 */
export function parseSavedVaeConfig(json: unknown, where: string): SavedArchitecture {
  const fail = (problem: string): never => {
    throw new PersistenceError(`${where}: ${problem}`);
  };
  if (typeof json !== 'object' || json === null) return fail('is not a JSON object');
  const o = json as Record<string, unknown>;
  if (o['format'] !== 'aevb-vae') return fail(`is not a saved aevb VAE (format ${String(o['format'])})`);
  if (o['version'] !== 1) return fail(`has format version ${String(o['version'])}; this page reads version 1`);
  for (const k of ['dataDim', 'latent', 'hidden', 'height', 'width']) {
    const v = o[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return fail(`field '${k}' is missing or not a positive integer`);
  }
  if (o['decoder'] !== 'bernoulli' && o['decoder'] !== 'gaussian') return fail(`field 'decoder' must be bernoulli or gaussian; got ${String(o['decoder'])}`);
  const eh = o['encoderHidden'] ?? [o['hidden']];
  if (!Array.isArray(eh) || !eh.every((h) => Number.isInteger(h) && (h as number) > 0)) return fail("field 'encoderHidden' must list positive integers");
  const c = {
    dataDim: o['dataDim'] as number,
    latent: o['latent'] as number,
    hidden: o['hidden'] as number,
    height: o['height'] as number,
    width: o['width'] as number,
    decoder: o['decoder'],
    init: o['init'] === 'paper' ? 'paper' : 'glorot',
    encoderHidden: eh as number[],
  } as const;
  if (c.height * c.width !== 784 || c.dataDim !== 784) {
    return fail(`was trained on ${c.height} x ${c.width} images (dataDim ${c.dataDim}); this page shows 28 x 28 MNIST digits`);
  }
  return c;
}

/** The three files' contents, however they were obtained. */
function assemble(configJson: unknown, manifestJson: unknown, bin: ArrayBuffer, where: string): InitialModel & { config: SavedArchitecture } {
  const config = parseSavedVaeConfig(configJson, `${where}config.json`);
  const manifest = parseParamsManifest(manifestJson, `${where}params.json`);
  if (bin.byteLength !== manifest.length * 4) {
    throw new PersistenceError(`${where}params.bin: has ${bin.byteLength} bytes, expected ${manifest.length * 4} (truncated or corrupt)`);
  }
  const store = new ParamStore();
  restoreParams(store, { manifest, values: new Float32Array(bin) }, `${where}params.bin`);
  return { config, store };
}

/**
 * Loads a model exported into the build (`<folder>/config.json`, `params.json`, `params.bin`).
 *
 * @param folderUrl - the folder's URL, ending in `/`
 * @throws PersistenceError naming the file and the problem
 * @category Web
 */
export async function loadModelFromUrl(folderUrl: string): Promise<InitialModel & { config: SavedArchitecture }> {
  const [c, p, b] = await Promise.all(['config.json', 'params.json', 'params.bin'].map((f) => fetchOk(new URL(f, folderUrl).href)));
  return assemble(await (c as Response).json(), await (p as Response).json(), await (b as Response).arrayBuffer(), folderUrl);
}

/**
 * Loads a model from the three files a user picked (`config.json`, `params.json`, `params.bin`).
 *
 * @throws PersistenceError when one is missing or malformed
 * @category Web
 */
export async function loadModelFromFiles(files: ArrayLike<File>): Promise<InitialModel & { config: SavedArchitecture }> {
  const byName = new Map(Array.from(files, (f) => [f.name, f] as const));
  const get = (name: string): File => {
    const f = byName.get(name);
    if (f === undefined) throw new PersistenceError(`load model: pick config.json, params.json and params.bin together (${name} is missing)`);
    return f;
  };
  const parse = async (name: string): Promise<unknown> => {
    try {
      return JSON.parse(await get(name).text());
    } catch (e) {
      if (e instanceof PersistenceError) throw e;
      throw new PersistenceError(`${name}: is not valid JSON`);
    }
  };
  return assemble(await parse('config.json'), await parse('params.json'), await get('params.bin').arrayBuffer(), '');
}

/** One entry of `models/index.json`. @category Web */
export interface ModelEntry {
  /** Display name. */
  readonly name: string;
  /** Folder, relative to the page. */
  readonly path: string;
}

/** The models exported into the build (none when `models/index.json` is absent). @category Web */
export async function listPageModels(indexUrl: string): Promise<ModelEntry[]> {
  try {
    const r = await fetch(indexUrl);
    if (!r.ok) return [];
    const j = (await r.json()) as { models?: unknown };
    return Array.isArray(j.models) ? (j.models as ModelEntry[]).filter((m) => typeof m.name === 'string' && typeof m.path === 'string') : [];
  } catch {
    return [];
  }
}
