// One writer per folder and one run per checkpoint folder: the folder lock (pid, host, stale
// locks taken over), the run identity in every checkpoint (checked on resume and on every save),
// a fresh fit refusing a folder of another run, temporary files of live writers left alone, and
// the notice when a corrupt slot is passed over.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArgumentError, PersistenceError, tf } from '@aevb/core';
import { fit, rollbackProblem, captureCheckpoint, type FitOptions } from '@aevb/inference';
import { initialProgress } from '../../packages/inference/src/fit/checkpoint.js';
import { LOCK_FILE, acquireFolderLock } from '../../packages/inference/src/fit/folder-lock-node.js';
import { readLatestCheckpoint, saveCheckpoint } from '../../packages/inference/src/fit/checkpoint-node.js';
import { binaryData, tinySvi } from './fixtures.js';

const root = await mkdtemp(join(tmpdir(), 'aevb-owner-'));
afterAll(() => rm(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = async (): Promise<string> => {
  const d = join(root, `d-${dirs++}`);
  await mkdir(d);
  return d;
};
const x = binaryData(64);
const base = (): FitOptions<tf.Tensor2D> => ({ data: x, batchSize: 16, epochs: 1 });

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('folder lock', () => {
  it('records pid and host, refuses a second writer naming the owner, and is released', async () => {
    const dir = await freshDir();
    const lock = await acquireFolderLock(dir, { command: 'first run', fn: 'vae' });
    const content = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')) as Record<string, unknown>;
    expect(content).toMatchObject({ pid: process.pid, host: hostname(), command: 'first run' });
    const err = await acquireFolderLock(dir, { fn: 'vae' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PersistenceError);
    expect(String(err)).toContain(`vae: the folder '${dir}' is in use by pid ${process.pid} on host '${hostname()}'`);
    expect(String(err)).toContain('first run');
    await lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const again = await acquireFolderLock(dir);
    await again.release();
  });

  it('takes over the lock of a process that has exited, and refuses one of another host', async () => {
    const dir = await freshDir();
    const pid = deadPid();
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid, host: hostname(), startedAt: 'then', command: 'killed run', token: 't' }));
    const lock = await acquireFolderLock(dir);
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid, host: 'elsewhere', startedAt: 'then', command: 'remote run', token: 't' }));
    await expect(acquireFolderLock(dir)).rejects.toThrow(/in use by pid \d+ on host 'elsewhere'.*cannot check a process of another host.*delete '.*\.aevb-lock'/);
    // Releasing a lock that another process has taken over leaves the new owner's file alone.
    await rm(join(dir, LOCK_FILE));
    const mine = await acquireFolderLock(dir);
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, host: hostname(), startedAt: 'now', command: 'other', token: 'other' }));
    await mine.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
  });
});

describe('run identity of checkpoints', () => {
  it('every checkpoint records the run; resuming as another run and writing over another run are refused', async () => {
    const dir = await freshDir();
    await fit(tinySvi(), { ...base(), checkpoint: { dir, run: 'run-A' } });
    expect((await readLatestCheckpoint(dir)).data.header.run).toBe('run-A');
    const err = await fit(tinySvi(), { ...base(), epochs: 2, checkpoint: { dir, run: 'run-B' }, resume: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PersistenceError);
    expect(String(err)).toMatch(/checkpoint-\d\.aevb' belongs to run run-A, not to run run-B/);
    // A resumed run keeps the identity it finds.
    await fit(tinySvi(), { ...base(), epochs: 2, checkpoint: { dir }, resume: true });
    expect((await readLatestCheckpoint(dir)).data.header.run).toBe('run-A');
    // A second writer of another run is refused at its first save.
    const other = tinySvi();
    await fit(other, { data: x, batchSize: 16, maxSteps: 1 });
    await expect(saveCheckpoint(dir, other, initialProgress(), { run: 'run-B' })).rejects.toThrow(/holds checkpoint \d+ of run run-A, not of this run \(run-B\); two runs are writing into one folder/);
  });

  it('a fresh fit refuses a folder holding checkpoints unless told to overwrite them', async () => {
    const dir = await freshDir();
    await fit(tinySvi(), { ...base(), checkpoint: { dir, run: 'old' } });
    const svi = tinySvi();
    const err = await fit(svi, { ...base(), checkpoint: { dir } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArgumentError);
    expect(String(err)).toContain(`fit: argument 'checkpoint.dir' '${dir}' already holds checkpoints of run old`);
    expect(svi.stepCount).toBe(0);
    await writeFile(join(dir, 'notes.txt'), 'mine');
    await fit(tinySvi(), { ...base(), checkpoint: { dir, run: 'new', overwrite: true } });
    const found = await readLatestCheckpoint(dir);
    expect(found.data.header.run).toBe('new');
    expect(found.data.header.sequence).toBe(1);
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it("removes a dead writer's temporary file but never a live writer's", async () => {
    const dir = await freshDir();
    const live = `checkpoint-0.aevb.tmp-${process.ppid}-1`;
    const dead = `checkpoint-1.aevb.tmp-${deadPid()}-1`;
    await writeFile(join(dir, live), 'being written');
    await writeFile(join(dir, dead), 'debris');
    const svi = tinySvi();
    await fit(svi, { data: x, batchSize: 16, maxSteps: 1 });
    await saveCheckpoint(dir, svi, initialProgress());
    const names = await readdir(dir);
    expect(names).toContain(live);
    expect(names).not.toContain(dead);
  });

  it('says so when a corrupt slot is passed over on resume', async () => {
    const dir = await freshDir();
    await fit(tinySvi(), { ...base(), epochs: 2, checkpoint: { dir } });
    const newest = join(dir, 'checkpoint-1.aevb');
    const bytes = await readFile(newest);
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] as number) ^ 0xff;
    await writeFile(newest, bytes);
    const notices: string[] = [];
    const h = await fit(tinySvi(), { ...base(), epochs: 2, checkpoint: { dir, onWarning: (m) => notices.push(m) }, resume: true });
    expect(h.resumedFrom).toBe(join(dir, 'checkpoint-0.aevb'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^passed over the corrupt checkpoint .*checkpoint-1\.aevb: checksum mismatch.*; resuming from the older '.*checkpoint-0\.aevb'/);
  });
});

describe('rollbackProblem', () => {
  it('names a non-finite parameter, a rejected last step and a non-finite epoch bound', async () => {
    const svi = tinySvi();
    await fit(svi, { data: x, batchSize: 16, maxSteps: 1 });
    const ok = await captureCheckpoint(svi, initialProgress());
    expect(rollbackProblem(ok)).toBeUndefined();
    const p = ok.header.params[1];
    const f32 = ok.float32.slice();
    f32[(p?.offset ?? 0) + 1] = Number.NaN;
    expect(rollbackProblem({ ...ok, float32: f32 })).toBe(`parameter '${p?.name}' holds a non-finite value`);
    const rejected = { ...ok, header: { ...ok.header, steps: { ...ok.header.steps, consecutiveRejected: 2 } } };
    expect(rollbackProblem(rejected)).toBe('its last 2 step(s) were rejected as non-finite');
    const epoch = { epoch: 0, trainElbo: -4, validationElbo: Number.NaN, seconds: 1, examplesPerSecond: 1, rejectedSteps: 0 };
    const nanEpoch = { ...ok, header: { ...ok.header, progress: { ...ok.header.progress, epoch: 1, batch: 0, epochs: [epoch] } } };
    expect(rollbackProblem(nanEpoch)).toBe('the validation bound of epoch 1 is NaN');
  });
});
