/**
 * The two checkpoint slots of a folder (Node): their names, reading a slot's header cheaply,
 * preparing a folder for a fresh fit, and removing temporary files of writers that died.
 *
 * @module
 */
import { mkdir, open, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ArgumentError, PersistenceError } from '@aevb/core';
import { parseCheckpointHeader } from './checkpoint-format.js';
import { processAlive } from './folder-lock-node.js';

/** File names of the two checkpoint slots of a folder. @category Checkpoints */
export const CHECKPOINT_FILES: readonly [string, string] = ['checkpoint-0.aevb', 'checkpoint-1.aevb'];

const MAX_HEADER_BYTES = 64 * 1024 * 1024;

/** The sequence and run of a slot from its header only, or undefined if missing or unreadable. @internal */
export async function slotHeader(path: string): Promise<{ sequence: number; run: string | undefined } | undefined> {
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

/**
 * Deletes temporary files left by a writer that was killed: this process's own (it writes one
 * file at a time) and those of processes of this host that have exited. A live writer's
 * temporary file is left alone. @internal
 */
export async function removeStaleTemporaries(dir: string): Promise<void> {
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
