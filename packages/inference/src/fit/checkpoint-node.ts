/**
 * Checkpoint files (Node): two slots per folder, `checkpoint-0.aevb` and `checkpoint-1.aevb`,
 * written alternately and atomically (temporary file, fsync, rename). A crash at any moment
 * leaves the previous checkpoint intact; loading takes the newest slot that validates.
 *
 * @module
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PersistenceError, type LatentSpec } from '@aevb/core';
import { writeFileAtomic } from '@aevb/core/node';
import { applyCheckpoint, captureCheckpoint, type ApplyCheckpointOptions, type SviCounters } from './checkpoint.js';
import { CHECKPOINT_FILES, removeStaleTemporaries, slotHeader } from './checkpoint-slots-node.js';
import { parseCheckpoint, serializeCheckpoint, type CheckpointData } from './checkpoint-format.js';
import type { FitProgress } from './checkpoint-schema.js';
import type { Batch } from './data.js';
import type { SVI } from './svi.js';

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

export { CHECKPOINT_FILES, claimCheckpointFolder, ensureWritableFolder, hasCheckpoint } from './checkpoint-slots-node.js';
