/**
 * The output folder of a VAE run belongs to one run at a time: a lock file while the run is
 * active, and `run-config.json` naming the run's identity. A fresh run refuses a folder that
 * holds another run (or files named like a run's outputs) unless `force`; `force` deletes only
 * the files an earlier run of aevb wrote there that would be mixed with the new run's
 * (checkpoints, `metrics.json`, the saved model), never anything else.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { ArgumentError, PersistenceError } from '@aevb/core';
import { writeFileAtomic } from '@aevb/core/node';
import { acquireFolderLock, claimCheckpointFolder, type FolderLock } from '@aevb/inference/node';
import type { VaeRunConfig } from './config.js';
import { RUN_CONFIG_FILE, readRunRecord, resumedConfig, type RunRecord } from './run-config.js';
import { SAVED_VAE_FORMAT } from './saved-model.js';

/** Files a VAE run writes into its output folder (besides pictures). */
const RUN_FILES = [RUN_CONFIG_FILE, 'metrics.json', 'checkpoints', 'model'];

/** A claimed output folder. @category VAE */
export interface RunFolder {
  /** The run's identity (recorded in `run-config.json` and in every checkpoint). */
  readonly run: string;
  /** The configuration to run (for a resume: the saved one with the allowed changes). */
  readonly config: VaeRunConfig;
  /** Changes a resume applied, one line each (`--lr 0.0001 (was 0.001)`). */
  readonly changes: readonly string[];
  /**
   * Writes `run-config.json` (and, for `force`, first deletes the earlier run's checkpoints,
   * metrics and model). Call it once every check has passed: a refused command writes nothing.
   */
  commit(): Promise<void>;
  /** Releases the folder's lock. */
  release(): Promise<void>;
}

/** How a run takes its folder: a new run, a new run replacing an old one, or a resumed run. @category VAE */
export type ClaimMode = 'fresh' | 'force' | 'resume';

/** Creates `dir` one level at a time (Node's recursive mkdir can loop forever on special file systems such as /proc). */
function makeFolder(dir: string): void {
  try {
    const parts = resolve(dir).split(sep);
    for (let i = 2; i <= parts.length; i++) {
      const p = parts.slice(0, i).join(sep);
      if (!existsSync(p)) mkdirSync(p);
    }
    if (!statSync(dir).isDirectory()) throw new Error('it is not a folder');
  } catch (e) {
    throw new PersistenceError(`output folder '${dir}' cannot be written: ${(e as Error).message}`);
  }
}

/** Whether `file` is a JSON file whose `format` field is `format`. */
function hasFormat(file: string, format: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { format?: unknown }).format === format;
  } catch {
    return false;
  }
}

/** Deletes what an earlier run wrote and a new run would otherwise mix with its own: only files aevb can recognize as its own. */
async function forgetEarlierRun(dir: string): Promise<void> {
  await claimCheckpointFolder(join(dir, 'checkpoints'), true);
  const model = join(dir, 'model');
  if (hasFormat(join(model, 'config.json'), SAVED_VAE_FORMAT.format)) {
    for (const f of ['config.json', 'params.json', 'params.bin']) rmSync(join(model, f), { force: true });
  }
  // metrics.json of a pnpm vae run records its config; it describes the earlier run only.
  const metrics = join(dir, 'metrics.json');
  try {
    const m = JSON.parse(readFileSync(metrics, 'utf8')) as Record<string, unknown>;
    if (typeof m['config'] === 'object' && Array.isArray(m['epochs'])) rmSync(metrics, { force: true });
  } catch {
    // not ours, or absent: left alone
  }
}

/** Why a fresh run may not take `dir` (an earlier run, or files named like a run's outputs), or undefined. */
function earlierRun(dir: string): string | undefined {
  const found = RUN_FILES.filter((f) => existsSync(join(dir, f)));
  if (found.length === 0) return undefined;
  const earlier = existsSync(join(dir, RUN_CONFIG_FILE)) ? `the run recorded in ${join(dir, RUN_CONFIG_FILE)}` : `files of an earlier run (${found.join(', ')})`;
  return `'${dir}' holds ${earlier}; continue it with --resume ${dir}, replace it with --force, or choose another folder`;
}

/**
 * Checks, without writing anything, that a run may take output folder `cfg.out` in `mode`
 * (see {@link claimRunFolder}); the lock is not checked (a live run may end meanwhile).
 *
 * @example
 * ```ts
 * import { VAE_DEFAULTS, checkRunFolder } from '@aevb/examples';
 * checkRunFolder({ ...VAE_DEFAULTS, out: 'out/vae' }, 'fresh'); // throws if out/vae holds a run
 * ```
 * @category VAE
 */
export function checkRunFolder(cfg: VaeRunConfig, mode: ClaimMode): void {
  if (mode === 'resume') readRunRecord(cfg.out);
  else if (existsSync(cfg.out) && !statSync(cfg.out).isDirectory()) throw new PersistenceError(`output folder '${cfg.out}' cannot be written: it is a file`);
  else if (mode === 'fresh') {
    const problem = earlierRun(cfg.out);
    if (problem !== undefined) throw new ArgumentError('vae', '--out', problem);
  }
}

/**
 * Takes output folder `cfg.out` for a run: creates it, locks it (refusing a folder another live
 * run holds), then, by `mode`, refuses an earlier run's folder (`fresh`), prepares to delete that
 * run's checkpoints, metrics and model (`force`), or reads its `run-config.json` and applies the
 * changes allowed on resume (`resume`, with `overrides` the options given again). Nothing is
 * written or deleted before {@link RunFolder.commit}. On error the lock is released.
 *
 * @example
 * ```ts
 * import { VAE_DEFAULTS, claimRunFolder } from '@aevb/examples';
 * const folder = await claimRunFolder({ ...VAE_DEFAULTS, out: 'out/my-run' }, 'fresh');
 * try {
 *   await folder.commit();
 *   // ... train, write into out/my-run ...
 * } finally {
 *   await folder.release();
 * }
 * ```
 * @category VAE
 */
export async function claimRunFolder(cfg: VaeRunConfig, mode: ClaimMode, overrides: Partial<VaeRunConfig> = {}): Promise<RunFolder> {
  const dir = cfg.out;
  checkRunFolder(cfg, mode);
  makeFolder(dir);
  let lock: FolderLock;
  try {
    lock = await acquireFolderLock(dir, { fn: 'vae', command: `pnpm vae (${mode}) --out ${dir}` });
  } catch (e) {
    if (e instanceof PersistenceError && /cannot create the lock file/.test(e.message)) throw new PersistenceError(`output folder '${dir}' cannot be written: ${e.message}`);
    throw e;
  }
  try {
    let record: RunRecord;
    const changes: string[] = [];
    if (mode === 'resume') {
      const saved = readRunRecord(dir);
      const r = resumedConfig(saved.config, overrides, dir);
      changes.push(...r.changes);
      const stamp = `${new Date().toISOString()} resumed${r.changes.length === 0 ? '' : `: ${r.changes.join(', ')}`}`;
      record = { ...saved, run: saved.run ?? randomUUID(), config: r.config, changes: [...saved.changes, stamp] };
    } else {
      const problem = mode === 'fresh' ? earlierRun(dir) : undefined;
      if (problem !== undefined) throw new ArgumentError('vae', '--out', problem);
      record = { format: 'aevb-vae-run', run: randomUUID(), createdAt: new Date().toISOString(), config: cfg, changes: [] };
    }
    const commit = async (): Promise<void> => {
      if (mode === 'force') await forgetEarlierRun(dir);
      await writeFileAtomic(join(dir, RUN_CONFIG_FILE), JSON.stringify(record, null, 2));
    };
    return { run: record.run, config: record.config, changes, commit, release: () => lock.release() };
  } catch (e) {
    await lock.release();
    throw e;
  }
}
