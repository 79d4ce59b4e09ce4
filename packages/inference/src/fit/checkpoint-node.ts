/**
 * Checkpoint files (Node): two slots per folder, `checkpoint-0.aevb` and `checkpoint-1.aevb`,
 * written alternately and atomically (temporary file, fsync, rename). A crash at any moment
 * leaves the previous checkpoint intact; loading takes the newest slot that validates.
 *
 * @module
 */
import { mkdir, open, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ArgumentError, PersistenceError, type LatentSpec } from '@aevb/core';
import { writeFileAtomic } from '@aevb/core/node';
import { applyCheckpoint, captureCheckpoint, type ApplyCheckpointOptions, type SviCounters } from './checkpoint.js';
import { processAlive } from './folder-lock-node.js';
import { parseCheckpoint, parseCheckpointHeader, serializeCheckpoint, type CheckpointData } from './checkpoint-format.js';
import type { FitProgress } from './checkpoint-schema.js';
import type { Batch } from './data.js';
import type { SVI } from './svi.js';

/** File names of the two checkpoint slots of a folder. @category Checkpoints */
export const CHECKPOINT_FILES: readonly [string, string] = ['checkpoint-0.aevb', 'checkpoint-1.aevb'];

const MAX_HEADER_BYTES = 64 * 1024 * 1024;

/** The header of a slot (sequence and run only matter), or undefined if missing or unreadable. */
async function slotHeader(path: string): Promise<{ sequence: number; run: string | undefined } | undefined> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const head = new Uint8Array(24);
    await fh.read(head, 0, 24, 0);
    const jsonBytes = new DataView(head.buffer).getUint32(12, true);
    if (jsonBytes > MAX_HEADER_BYTES) return undefined;
    const bytes = new Uint8Array(24 + jsonBytes);
    const { bytesRead } = await fh.read(bytes, 0, bytes.length, 0);
    const h = parseCheckpointHeader(bytes.subarray(0, bytesRead), path);
    return { sequence: h.sequence, run: h.run };
  } catch {
    return undefined;
  } finally {
    await fh.close();
  }
}

/** Options of {@link saveCheckpoint}. @category Checkpoints */
export interface SaveCheckpointOptions {
  /** Counters and seed positions to record instead of the SVI's current ones. */
  readonly counters?: SviCounters;
  /**
   * The identity of the run writing (recorded in the checkpoint). Writing is refused when the
   * folder's newest checkpoint belongs to another run.
   */
  readonly run?: string;
}

/**
 * Saves `svi`'s complete state and the fit's `progress` into folder `dir` (created if needed),
 * in the slot that does not hold the newest valid checkpoint. Returns the file written.
 *
 * @example
 * ```ts
 * await saveCheckpoint('runs/vae', svi, progress);
 * const { progress: resumed } = await loadCheckpoint('runs/vae', svi);
 * ```
 * @category Checkpoints
 */
export async function saveCheckpoint<L extends LatentSpec, D extends Batch>(
  dir: string,
  svi: SVI<L, D>,
  progress: FitProgress,
  options: SaveCheckpointOptions = {},
): Promise<string> {
  const data = await captureCheckpoint(svi, progress, options.counters === undefined ? {} : { counters: options.counters });
  return writeCheckpoint(dir, data, options.run === undefined ? {} : { run: options.run });
}

/**
 * Writes a captured checkpoint into folder `dir` (created if needed): the sequence number is
 * one above the folder's newest, the slot is the one not holding the newest valid checkpoint,
 * the write is atomic. With `run`, the checkpoint records it, and writing is refused when the
 * newest checkpoint in the folder belongs to another run (two runs sharing a folder).
 *
 * @example
 * ```ts
 * const data = await captureCheckpoint(svi, progress);
 * await writeCheckpoint('runs/vae/checkpoints', data, { run: 'my-run-id' });
 * ```
 * @category Checkpoints
 */
export async function writeCheckpoint(dir: string, data: CheckpointData, options: { readonly run?: string } = {}): Promise<string> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new PersistenceError(`saveCheckpoint: cannot create checkpoint folder '${dir}': ${(e as Error).message}`);
  }
  const slots = await Promise.all(CHECKPOINT_FILES.map((f) => slotHeader(join(dir, f))));
  const [a, b] = slots.map((x) => x?.sequence);
  const newest = slots.reduce<(typeof slots)[number]>((m, x) => (x !== undefined && (m === undefined || x.sequence > m.sequence) ? x : m), undefined);
  if (options.run !== undefined && newest?.run !== undefined && newest.run !== options.run) {
    throw new PersistenceError(
      `saveCheckpoint: '${dir}' holds checkpoint ${newest.sequence} of run ${newest.run}, not of this run (${options.run}); ` +
        'two runs are writing into one folder',
    );
  }
  const target = a === undefined ? 0 : b === undefined ? 1 : a <= b ? 0 : 1;
  const sequence = (newest?.sequence ?? 0) + 1;
  const header = { ...data.header, sequence, ...(options.run === undefined ? {} : { run: options.run }) };
  const path = join(dir, CHECKPOINT_FILES[target]);
  await removeStaleTemporaries(dir);
  try {
    await writeFileAtomic(path, serializeCheckpoint({ ...data, header }));
  } catch (e) {
    throw new PersistenceError(`saveCheckpoint: cannot write '${path}': ${(e as Error).message}`);
  }
  return path;
}

/**
 * Deletes temporary files left by a writer that was killed: this process's own (it writes one
 * file at a time) and those of processes of this host that have exited. A live writer's
 * temporary file is left alone.
 */
async function removeStaleTemporaries(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  const stale = names.filter((n) => {
    const f = CHECKPOINT_FILES.find((c) => n.startsWith(`${c}.tmp-`));
    if (f === undefined) return false;
    const pid = Number(/^(\d+)-/.exec(n.slice(f.length + 5))?.[1]);
    return pid === process.pid || !processAlive(pid);
  });
  await Promise.all(stale.map((n) => rm(join(dir, n), { force: true })));
}

/**
 * Reads and validates one checkpoint file (magic, version, checksum, structure).
 *
 * @category Checkpoints
 */
export async function readCheckpointFile(path: string): Promise<CheckpointData> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new PersistenceError(`cannot read checkpoint '${path}': ${(e as Error).message}`);
  }
  return parseCheckpoint(bytes, path);
}

/** Whether folder `dir` holds any checkpoint slot (valid or not). @category Checkpoints */
export async function hasCheckpoint(dir: string): Promise<boolean> {
  try {
    const names = await readdir(dir);
    return CHECKPOINT_FILES.some((f) => names.includes(f));
  } catch {
    return false;
  }
}

/**
 * Prepares folder `dir` for the checkpoints of a fit that starts afresh: a folder holding
 * valid checkpoints is refused (they belong to an earlier run), unless `overwrite`, which
 * deletes them (only files that validate as aevb checkpoints are deleted).
 *
 * @example
 * ```ts
 * await claimCheckpointFolder('runs/vae/checkpoints', false); // throws if it holds checkpoints
 * ```
 * @category Checkpoints
 */
export async function claimCheckpointFolder(dir: string, overwrite: boolean): Promise<void> {
  const slots = await Promise.all(CHECKPOINT_FILES.map(async (f) => ({ path: join(dir, f), header: await slotHeader(join(dir, f)) })));
  const valid = slots.filter((s) => s.header !== undefined);
  if (valid.length === 0) return;
  if (!overwrite) {
    const newest = valid.reduce((m, s) => ((s.header?.sequence ?? 0) > (m.header?.sequence ?? 0) ? s : m));
    const run = newest.header?.run === undefined ? 'an earlier run' : `run ${newest.header.run}`;
    throw new ArgumentError(
      'fit',
      'checkpoint.dir',
      `'${dir}' already holds checkpoints of ${run} (newest: '${newest.path}'); pass resume: true to continue it, checkpoint.overwrite: true to replace it, or another folder`,
    );
  }
  await Promise.all(valid.map((s) => rm(s.path, { force: true })));
}

/** The newest valid checkpoint of a folder, read but not applied. @category Checkpoints */
export interface FoundCheckpoint {
  /** The decoded checkpoint. */
  readonly data: CheckpointData;
  /** The file it came from. */
  readonly path: string;
  /** Slots that failed validation and were passed over, with the reason. */
  readonly skipped: readonly { readonly path: string; readonly problem: string }[];
}

/**
 * Reads the newest valid checkpoint slot of folder `dir`. A corrupt slot is passed over (and
 * listed in `skipped`) when the other slot is valid; if none is valid the error names every
 * file and its problem.
 *
 * @category Checkpoints
 */
export async function readLatestCheckpoint(dir: string): Promise<FoundCheckpoint> {
  const found: { path: string; data: CheckpointData }[] = [];
  const skipped: { path: string; problem: string }[] = [];
  let present = 0;
  for (const f of CHECKPOINT_FILES) {
    const path = join(dir, f);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch {
      continue;
    }
    present++;
    try {
      found.push({ path, data: parseCheckpoint(bytes, path) });
    } catch (e) {
      skipped.push({ path, problem: (e as Error).message });
    }
  }
  if (present === 0) throw new PersistenceError(`loadCheckpoint: no checkpoint in '${dir}' (expected ${CHECKPOINT_FILES.join(' or ')})`);
  const best = found.sort((x, y) => y.data.header.sequence - x.data.header.sequence)[0];
  if (best === undefined) {
    throw new PersistenceError(`loadCheckpoint: no valid checkpoint in '${dir}': ${skipped.map((s) => s.problem).join('; ')}`);
  }
  return { data: best.data, path: best.path, skipped };
}

/** What {@link loadCheckpoint} returns. @category Checkpoints */
export interface LoadedCheckpoint {
  /** Where the fit stood. */
  readonly progress: FitProgress;
  /** The file loaded. */
  readonly path: string;
  /** Its sequence number. */
  readonly sequence: number;
  /** Slots that failed validation and were passed over, with the reason. */
  readonly skipped: readonly { readonly path: string; readonly problem: string }[];
}

/**
 * Loads the newest valid checkpoint of folder `dir` (see {@link readLatestCheckpoint}) into
 * `svi` (parameters, optimizer state, seed positions, counters) and returns the fit's
 * progress. On error the SVI is unchanged.
 *
 * @category Checkpoints
 */
export async function loadCheckpoint<L extends LatentSpec, D extends Batch>(
  dir: string,
  svi: SVI<L, D>,
  options: ApplyCheckpointOptions<D> = {},
): Promise<LoadedCheckpoint> {
  const { data, path, skipped } = await readLatestCheckpoint(dir);
  const progress = applyCheckpoint(svi, data, path, options);
  return { progress, path, sequence: data.header.sequence, skipped };
}

/**
 * Creates folder `dir` if needed and checks that a file can be written there, so a fit fails
 * before training rather than at its first checkpoint.
 *
 * @category Checkpoints
 */
export async function ensureWritableFolder(dir: string, fn = 'fit'): Promise<void> {
  const probe = join(dir, `.aevb-write-probe-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, 'ok');
    await rm(probe, { force: true });
  } catch (e) {
    throw new PersistenceError(`${fn}: the checkpoint folder '${dir}' cannot be written: ${(e as Error).message}`);
  }
}
