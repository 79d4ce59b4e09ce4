/**
 * Everything a VAE run checks before it trains: the configuration, the output folder (lock,
 * identity, an earlier run), the data, the sizes against data and memory, and for a resume the
 * checkpoint's identity and progress. A refused run has written nothing.
 *
 * @module
 */
import { join } from 'node:path';
import { ArgumentError, PersistenceError, initBackend, type BackendInfo } from '@aevb/core';
import { hasCheckpoint, readLatestCheckpoint } from '@aevb/inference/node';
import { checkRunConfig, type VaeRunConfig } from './config.js';
import { loadVaeData, type VaeData } from './data-source.js';
import { readRunRecord, resumedConfig } from './run-config.js';
import { checkRunFolder, claimRunFolder, type ClaimMode, type RunFolder } from './run-folder.js';
import { checkVaeSizes, memoryBudget } from './sizes.js';

/** Options of {@link prepareVae} and {@link runVae}. @category VAE */
export interface VaeRunOptions {
  /** Receives human-readable lines. Default: standard error. */
  readonly log?: (line: string) => void;
  /** Show a progress bar (else one line per epoch). Default true. */
  readonly progress?: boolean;
  /**
   * `'fresh'` (default) refuses a folder holding an earlier run; `'force'` replaces it;
   * `'resume'` continues the run in `out` from its newest checkpoint.
   */
  readonly mode?: ClaimMode;
  /** For `'resume'`: the options given again (default: the whole configuration); see `resumedConfig`. */
  readonly overrides?: Partial<VaeRunConfig>;
}

/** A run ready to train: its final configuration, claimed folder, data and backend. @category VAE */
export interface PreparedVae {
  /** The configuration (data dimension and decoder adapted to the data). */
  readonly cfg: VaeRunConfig;
  /** The claimed output folder (release it when done). */
  readonly folder: RunFolder;
  /** The data. */
  readonly data: VaeData;
  /** The backend. */
  readonly backend: BackendInfo;
  /** Whether training resumes from a checkpoint (else it starts at step 0). */
  readonly fromCheckpoint: boolean;
}

/** The checkpoints folder of a run's output folder. @category VAE */
export const checkpointDir = (cfg: Pick<VaeRunConfig, 'out'>): string => join(cfg.out, 'checkpoints');

/**
 * Checks everything before training (see the module description) and claims the output folder.
 * Errors name the flag or file at fault; on error the folder is released and nothing written.
 *
 * @example
 * ```ts
 * import { VAE_DEFAULTS, prepareVae, trainVae } from '@aevb/examples';
 * const job = await prepareVae({ ...VAE_DEFAULTS, epochs: 1, out: 'out/quick' });
 * try {
 *   console.log((await trainVae(job)).testElbo);
 * } finally {
 *   await job.folder.release();
 * }
 * ```
 * @category VAE
 */
export async function prepareVae(input: VaeRunConfig, options: VaeRunOptions = {}): Promise<PreparedVae> {
  const mode = options.mode ?? 'fresh';
  const log = options.log ?? ((l: string) => process.stderr.write(l + '\n'));
  let cfg = checkRunConfig(input);
  const overrides = options.overrides ?? cfg;
  const saved = mode === 'resume' ? readRunRecord(cfg.out) : undefined;
  if (saved !== undefined) cfg = resumedConfig(saved.config, overrides, cfg.out).config;
  checkRunFolder(cfg, mode);
  const backend = await initBackend();
  const data = loadVaeData(cfg);
  const dataDim = data.train.height * data.train.width;
  cfg = { ...cfg, dataDim, ...(cfg.frey !== undefined ? { decoder: 'gaussian' as const } : {}) };
  checkVaeSizes(cfg, { dataDim, train: data.train.n, test: data.test.n, source: data.source }, memoryBudget(backend.name));
  const ckDir = checkpointDir(cfg);
  const fromCheckpoint = mode === 'resume' && (await hasCheckpoint(ckDir));
  if (fromCheckpoint) {
    const found = await readLatestCheckpoint(ckDir);
    for (const s of found.skipped) log(`passed over the corrupt checkpoint ${s.problem}; resuming from the older '${found.path}'`);
    const run = found.data.header.run;
    if (run !== undefined && saved?.run !== undefined && run !== saved.run) {
      throw new PersistenceError(`--resume ${cfg.out}: the checkpoint '${found.path}' belongs to run ${run}, but ${join(cfg.out, 'run-config.json')} names run ${saved.run}; the folder mixes two runs and cannot be resumed`);
    }
    const done = found.data.header.progress.epochs.length;
    if (cfg.epochs < done) throw new ArgumentError('vae', '--epochs', `${cfg.epochs} is below the ${done} epochs the run in '${cfg.out}' has completed`);
  } else if (mode === 'resume') log(`no checkpoint in '${ckDir}' yet: the run starts from its beginning with its saved configuration`);
  const folder = await claimRunFolder(cfg, mode, overrides);
  try {
    for (const c of folder.changes) log(`resume: ${c}`);
    await folder.commit();
    return { cfg, folder, data, backend, fromCheckpoint };
  } catch (e) {
    await folder.release();
    throw e;
  }
}
