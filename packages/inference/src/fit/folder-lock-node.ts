/**
 * One writer per folder (Node): a lock file `.aevb-lock` holding the owner's pid, host, start
 * time, command and a random token, created with an exclusive create. A lock whose owner is a
 * process of this host that no longer runs is stale and taken over; a live owner, or an owner on
 * another host (whose liveness cannot be checked), makes the acquisition fail with an error
 * naming it.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { link, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { PersistenceError } from '@aevb/core';

/** Name of the lock file inside a locked folder. @category Checkpoints */
export const LOCK_FILE = '.aevb-lock';

/** Who holds a folder lock (the lock file's content). @category Checkpoints */
export interface LockOwner {
  /** Process id. */
  readonly pid: number;
  /** Host name. */
  readonly host: string;
  /** ISO time the lock was taken. */
  readonly startedAt: string;
  /** What the owner is doing (e.g. `pnpm vae --out out/vae`). */
  readonly command: string;
  /** Random token that tells this acquisition from any other by the same process. */
  readonly token: string;
}

/** A held folder lock. @category Checkpoints */
export interface FolderLock {
  /** The lock file. */
  readonly path: string;
  /** This process's entry in it. */
  readonly owner: LockOwner;
  /** Removes the lock file if it is still this lock's (idempotent). */
  release(): Promise<void>;
}

/** Options of {@link acquireFolderLock}. @category Checkpoints */
export interface LockOptions {
  /** What the owner is doing, recorded in the lock file and shown to a refused second writer. */
  readonly command?: string;
  /** The function or tool named in error messages. Default `'lock'`. */
  readonly fn?: string;
}

/** A lock file being written right now may be empty for a moment; older than this, it is debris. */
const UNREADABLE_GRACE_MS = 10_000;

function parseOwner(text: string): LockOwner | undefined {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    if (typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.token === 'string') {
      return { pid: o.pid, host: o.host, startedAt: String(o.startedAt), command: String(o.command), token: o.token };
    }
  } catch {
    // falls through
  }
  return undefined;
}

/**
 * Whether process `pid` of this host runs (a process of another user counts as running).
 *
 * @example
 * ```ts
 * import { processAlive } from '@aevb/inference/node';
 * console.log(processAlive(process.pid)); // true
 * ```
 * @category Checkpoints
 */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Why the lock file's owner still counts (undefined: the lock is stale and may be taken over). */
async function liveOwner(path: string, text: string): Promise<string | undefined> {
  const owner = parseOwner(text);
  if (owner === undefined) {
    const age = await stat(path).then((s) => Date.now() - s.mtimeMs, () => Infinity);
    return age < UNREADABLE_GRACE_MS ? 'another process is creating it right now' : undefined;
  }
  const who = `pid ${owner.pid} on host '${owner.host}' (since ${owner.startedAt}: ${owner.command})`;
  if (owner.host !== hostname()) return `${who}; aevb cannot check a process of another host`;
  if (owner.pid === process.pid) return `${who}, which is this process`;
  return processAlive(owner.pid) ? `${who}, which is still running` : undefined;
}

/**
 * Takes the lock of folder `dir` (which must exist) for this process. A stale lock (its owner
 * was a process of this host that has exited) is taken over; a live one is refused.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { acquireFolderLock } from '@aevb/inference/node';
 * const dir = mkdtempSync(join(tmpdir(), 'run-'));
 * const lock = await acquireFolderLock(dir, { command: 'my training job' });
 * try {
 *   // ... write into dir ...
 * } finally {
 *   await lock.release();
 * }
 * ```
 * @throws PersistenceError naming the folder and the live owner (pid, host, start, command)
 * @category Checkpoints
 */
export async function acquireFolderLock(dir: string, options: LockOptions = {}): Promise<FolderLock> {
  const fn = options.fn ?? 'lock';
  const path = join(dir, LOCK_FILE);
  const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command: options.command ?? process.argv.slice(1).join(' '), token: randomUUID() };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fh = await open(path, 'wx');
      try {
        await fh.writeFile(JSON.stringify(owner));
        await fh.sync();
      } finally {
        await fh.close();
      }
      return heldLock(path, owner);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new PersistenceError(`${fn}: cannot create the lock file '${path}': ${(e as Error).message}`);
    }
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) continue; // released meanwhile: try again
    const live = await liveOwner(path, text);
    if (live !== undefined) {
      throw new PersistenceError(
        `${fn}: the folder '${dir}' is in use by ${live}. Wait for that run to end or choose another folder; ` +
          `if it is not running any more, delete '${path}'`,
      );
    }
    await takeOver(path, text);
  }
  throw new PersistenceError(`${fn}: could not take the lock '${path}' (other processes keep taking it)`);
}

/** Removes a stale lock file, unless another process replaced it meanwhile (then that one is put back). */
async function takeOver(path: string, staleText: string): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${randomUUID()}`;
  try {
    await rename(path, aside);
  } catch {
    return; // someone else moved it first
  }
  const moved = await readFile(aside, 'utf8').catch(() => undefined);
  if (moved !== staleText) await link(aside, path).catch(() => undefined); // a fresh lock was moved: restore it
  await rm(aside, { force: true });
}

function heldLock(path: string, owner: LockOwner): FolderLock {
  let held = true;
  const ours = async (): Promise<boolean> => parseOwner(await readFile(path, 'utf8').catch(() => ''))?.token === owner.token;
  // A normal exit without release (an uncaught error) still frees the folder.
  const onExit = (): void => {
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return;
    }
    if (held && parseOwner(text)?.token === owner.token) rmSync(path, { force: true });
  };
  process.once('exit', onExit);
  return {
    path,
    owner,
    async release(): Promise<void> {
      if (!held) return;
      held = false;
      process.removeListener('exit', onExit);
      if (await ours()) await rm(path, { force: true });
    },
  };
}
