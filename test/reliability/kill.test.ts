// A training process killed (SIGKILL) while it writes a checkpoint: the previous checkpoint
// still loads, and resuming from it continues number for number like an uninterrupted run.
import { spawn } from 'node:child_process';
import { existsSync, watch } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { fit } from '@aevb/inference';
import { CHECKPOINT_FILES, readCheckpointFile, readLatestCheckpoint } from '../../packages/inference/src/fit/checkpoint-node.js';
import { paramValues } from './fixtures.js';
import { wideOptions, wideSvi } from './kill-child-main.js';

const root = await mkdtemp(join(tmpdir(), 'aevb-kill-'));
afterAll(() => rm(root, { recursive: true, force: true }));

/** Runs the child until it starts writing a checkpoint while both slots exist, then kills it. */
async function killDuringWrite(dir: string): Promise<{ signal: string | null; tmp: string[] }> {
  const child = spawn(process.execPath, ['test/reliability/kill-child.mjs', 'test/reliability/kill-child-main.ts', dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const watcher = watch(dir, (_event, name) => {
    if (name !== null && name.includes('.tmp-') && CHECKPOINT_FILES.every((f) => existsSync(join(dir, f)))) child.kill('SIGKILL');
  });
  const signal = await new Promise<string | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
  watcher.close();
  if (signal !== 'SIGKILL') throw new Error(`child ended without being killed: ${stderr}`);
  return { signal, tmp: (await readdir(dir)).filter((f) => f.includes('.tmp-')) };
}

it('a SIGKILL in the middle of writing a checkpoint leaves the previous one loadable and resumable', async () => {
  const dir = join(root, 'run');
  await mkdir(dir);
  // The kill lands inside the write (temporary file present) in almost every attempt; retry otherwise.
  const t0 = performance.now();
  let killed = { signal: null as string | null, tmp: [] as string[] };
  for (let attempt = 0; attempt < 4 && killed.tmp.length === 0; attempt++) killed = await killDuringWrite(dir);
  console.log(`killed after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  expect(killed.signal).toBe('SIGKILL');
  expect(killed.tmp).toHaveLength(1);
  const tmpPath = join(dir, killed.tmp[0] as string);
  const target = join(dir, (killed.tmp[0] as string).split('.tmp-')[0] as string);
  const partial = (await stat(tmpPath)).size;

  // The newest complete checkpoint validates (nothing skipped); the half-written file was never renamed.
  const found = await readLatestCheckpoint(dir);
  expect(found.skipped).toEqual([]);
  const done = found.data.float64.length;
  expect(done).toBeGreaterThanOrEqual(2);
  console.log(`resuming from step ${done}`);
  expect(found.data.header.sequence).toBe(done); // one checkpoint per step
  // The slot being overwritten still holds its older checkpoint, intact.
  expect(found.path).not.toBe(target);
  expect((await readCheckpointFile(target)).header.sequence).toBe(done - 1);
  expect(partial).toBeLessThanOrEqual((await stat(found.path)).size);

  // Resume in this process for two more steps; compare with an uninterrupted run of the same length.
  const resumed = wideSvi();
  const h = await fit(resumed, { ...wideOptions(dir), maxSteps: done + 2, resume: true });
  expect(h.resumedFrom).toBe(found.path);
  const ref = wideSvi();
  const r = await fit(ref, { ...wideOptions(), maxSteps: done + 2 });
  expect(h.stepElbos).toEqual(r.stepElbos);
  expect(await paramValues(resumed)).toEqual(await paramValues(ref));
  // The resumed writer removed the dead process's temporary file.
  expect(existsSync(tmpPath)).toBe(false);
}, 60_000);
