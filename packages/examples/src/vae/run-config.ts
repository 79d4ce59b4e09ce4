/**
 * `run-config.json`: the configuration and identity of the run that owns an output folder,
 * written when the run starts and read by `pnpm vae --resume DIR`. Every field is validated
 * when read (errors name the file and the field); a resumed run may change only the flags in
 * {@link RESUMABLE_FLAGS}.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ArgumentError, PersistenceError } from '@aevb/core';
import { VAE_DEFAULTS, checkRunConfig, type VaeRunConfig } from './config.js';

/** The file in an output folder that records its run's configuration and identity. @category VAE */
export const RUN_CONFIG_FILE = 'run-config.json';

/** What `run-config.json` holds. @category VAE */
export interface RunRecord {
  /** Always `'aevb-vae-run'`. */
  readonly format: 'aevb-vae-run';
  /** Identity of the run, also recorded in each of its checkpoints. */
  readonly run: string;
  /** ISO time the run started. */
  readonly createdAt: string;
  /** The configuration (updated when a resume changes a flag). */
  readonly config: VaeRunConfig;
  /** One line per resume that changed flags. */
  readonly changes: readonly string[];
}

/** Options a resumed run may change, by config key: the CLI flag of each. @category VAE */
export const RESUMABLE_FLAGS: Readonly<Partial<Record<keyof VaeRunConfig, string>>> = {
  lr: '--lr',
  epochs: '--epochs',
  checkpointEvery: '--checkpoint-every',
  llSamples: '--ll-samples',
  evalPasses: '--eval-passes',
};

/** The CLI flag of every configuration key. */
const FLAG: Readonly<Record<keyof VaeRunConfig, string>> = {
  dataDim: '(data dimension)',
  latent: '--latent',
  hidden: '--hidden',
  decoder: '--decoder',
  init: '--init',
  epochs: '--epochs',
  batch: '--batch',
  train: '--train',
  optimizer: '--optimizer',
  lr: '--lr',
  estimator: '--estimator',
  particles: '--particles',
  binarize: '--binarize',
  data: '--data',
  frey: '--frey',
  seed: '--seed',
  out: '--out',
  llSamples: '--ll-samples',
  evalPasses: '--eval-passes',
  checkpointEvery: '--checkpoint-every',
};

type Kind = 'number' | 'string' | 'boolean' | 'number?' | 'string?';
const KINDS: Readonly<Record<keyof VaeRunConfig, Kind>> = {
  dataDim: 'number', latent: 'number', hidden: 'number', decoder: 'string', init: 'string', epochs: 'number', batch: 'number',
  train: 'number?', optimizer: 'string', lr: 'number', estimator: 'string', particles: 'number', binarize: 'boolean', data: 'string',
  frey: 'string?', seed: 'number', out: 'string', llSamples: 'number', evalPasses: 'number', checkpointEvery: 'number',
};

/**
 * Validates a parsed `run-config.json` (this format, or the plain configuration older runs
 * wrote, which has no identity). Errors name the file and the field.
 *
 * @example
 * ```ts
 * import { parseRunRecord } from '@aevb/examples';
 * parseRunRecord({ format: 'aevb-vae-run', run: 'x', createdAt: '', config: { latent: null }, changes: [] }, 'run-config.json');
 * // PersistenceError: run-config.json: field 'config.latent' must be a number, got null
 * ```
 * @category VAE
 */
export function parseRunRecord(json: unknown, file: string): RunRecord | (Omit<RunRecord, 'run'> & { readonly run: undefined }) {
  const fail = (problem: string): never => {
    throw new PersistenceError(`${file}: ${problem}`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('is not a JSON object');
  const o = json as Record<string, unknown>;
  const legacy = o['format'] === undefined;
  if (!legacy && o['format'] !== 'aevb-vae-run') return fail(`is not the record of a pnpm vae run (format ${String(o['format'])})`);
  if (!legacy && (typeof o['run'] !== 'string' || o['run'] === '')) return fail("field 'run' must be the run's identity");
  const raw = legacy ? o : o['config'];
  const prefix = legacy ? '' : 'config.';
  if (typeof raw !== 'object' || raw === null) return fail(`field 'config' must be an object, got ${String(raw)}`);
  const c = raw as Record<string, unknown>;
  const out: Record<string, unknown> = { ...VAE_DEFAULTS };
  for (const [k, kind] of Object.entries(KINDS) as [keyof VaeRunConfig, Kind][]) {
    const v = c[k];
    if (v === undefined && kind.endsWith('?')) continue;
    if (v === undefined && k === 'dataDim') continue;
    // Runs recorded before the full MNIST became the default wrote no data set for the embedded digits.
    if (k === 'data' && (v === undefined || v === null)) {
      out[k] = 'embedded';
      continue;
    }
    const base = kind.replace('?', '');
    if (kind.endsWith('?') && v === null) out[k] = undefined;
    else if (typeof v !== base || (base === 'number' && !Number.isFinite(v))) fail(`field '${prefix}${k}' must be a ${base}${kind.endsWith('?') ? ' or null' : ''}, got ${JSON.stringify(v) ?? 'nothing'}`);
    else out[k] = v;
  }
  let config: VaeRunConfig;
  try {
    config = checkRunConfig(out as unknown as VaeRunConfig);
  } catch (e) {
    return fail(`holds an invalid configuration: ${(e as Error).message}`);
  }
  const changes = Array.isArray(o['changes']) ? o['changes'].map(String) : [];
  return { format: 'aevb-vae-run', run: legacy ? undefined : (o['run'] as string), createdAt: String(o['createdAt'] ?? ''), config, changes };
}

/** Reads and validates `<dir>/run-config.json`; errors name the file. @category VAE */
export function readRunRecord(dir: string): ReturnType<typeof parseRunRecord> {
  const file = join(dir, RUN_CONFIG_FILE);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new PersistenceError(`--resume ${dir}: cannot read ${file} (${(e as Error).message}); is it the output folder of a pnpm vae run?`);
  }
  return parseRunRecord(json, file);
}

/**
 * The configuration of a resumed run: the saved one with `overrides` applied. Options in
 * {@link RESUMABLE_FLAGS} may change; any other option that differs from the saved run is
 * refused naming its flag (a resumed run keeps its architecture, data, optimizer and seed).
 * Returns the configuration and one line per change.
 *
 * @category VAE
 */
export function resumedConfig(saved: VaeRunConfig, overrides: Partial<VaeRunConfig>, dir: string): { config: VaeRunConfig; changes: string[] } {
  const changes: string[] = [];
  for (const [k, v] of Object.entries(overrides) as [keyof VaeRunConfig, unknown][]) {
    if (v === undefined && saved[k] === undefined) continue;
    if (k === 'out') {
      if (resolve(String(v)) !== resolve(dir)) throw new ArgumentError('vae', '--out', `is '${String(v)}' but --resume ${dir} writes into the run's own folder; drop --out`);
      continue;
    }
    if (k === 'dataDim' || v === saved[k]) continue;
    const flag = RESUMABLE_FLAGS[k];
    if (flag === undefined) {
      throw new ArgumentError(
        'vae',
        FLAG[k],
        `is ${JSON.stringify(v) ?? 'unset'} but the run in '${dir}' was started with ${JSON.stringify(saved[k]) ?? 'it unset'}; a resumed run keeps its ` +
          `architecture, data, optimizer and seed (only ${Object.values(RESUMABLE_FLAGS).join(', ')} may change). Start a new run in another folder, or over this one with --force`,
      );
    }
    changes.push(`${flag} ${String(v)} (was ${String(saved[k])})`);
  }
  return { config: checkRunConfig({ ...saved, ...overrides, out: dir }), changes };
}

/**
 * The configuration of the run in `dir` (written when it started), for `pnpm vae --resume DIR`,
 * with `overrides` applied (see {@link resumedConfig}: only the options of
 * {@link RESUMABLE_FLAGS} may differ from the saved run).
 *
 * @example
 * ```ts
 * import { resumeConfig } from '@aevb/examples';
 * const cfg = resumeConfig('out/vae', { epochs: 20, lr: 1e-4 });
 * ```
 * @category VAE
 */
export function resumeConfig(dir: string, overrides: Partial<VaeRunConfig> = {}): VaeRunConfig {
  return resumedConfig(readRunRecord(dir).config, overrides, dir).config;
}
