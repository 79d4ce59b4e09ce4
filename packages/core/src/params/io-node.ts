/**
 * Saving and loading parameters on disk (Node): `params.json` (manifest) + `params.bin`
 * (little-endian float32), written atomically.
 *
 * @module
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PersistenceError } from '../errors.js';
import { parseParamsManifest, restoreParams, snapshotParams, type RestoreOptions } from './serialize.js';
import type { ParamStore } from './store.js';

/**
 * Writes `data` to `path` atomically: a temporary file in the same folder, fsync, rename.
 * A reader sees either the old file or the new one, never a partial write.
 *
 * @category Parameters
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Saves every parameter of `store` into folder `dir` (created if needed).
 *
 * @category Parameters
 */
export async function saveParams(store: ParamStore, dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new PersistenceError(`cannot create folder '${dir}': ${(e as Error).message}`);
  }
  const { manifest, values } = await snapshotParams(store);
  // Binary first, manifest last: a crash in between leaves the old manifest's checksum failing loudly.
  await writeFileAtomic(join(dir, 'params.bin'), new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  await writeFileAtomic(join(dir, 'params.json'), JSON.stringify(manifest, null, 1));
}

/**
 * Loads parameters saved by {@link saveParams} into `store`. Errors name the file and the
 * problem (missing, corrupt, version or shape mismatch); on error the store is unchanged.
 *
 * @category Parameters
 */
export async function loadParams(store: ParamStore, dir: string, options: RestoreOptions = {}): Promise<void> {
  const jsonPath = join(dir, 'params.json');
  const binPath = join(dir, 'params.bin');
  let text: string;
  let bin: Buffer;
  try {
    text = await readFile(jsonPath, 'utf8');
    bin = await readFile(binPath);
  } catch (e) {
    throw new PersistenceError(`cannot read saved parameters in '${dir}': ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PersistenceError(`${jsonPath}: is not valid JSON`);
  }
  const manifest = parseParamsManifest(json, jsonPath);
  if (bin.byteLength !== manifest.length * 4) {
    throw new PersistenceError(`${binPath}: has ${bin.byteLength} bytes, expected ${manifest.length * 4} (truncated or corrupt)`);
  }
  const values = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
  restoreParams(store, { manifest, values }, binPath, options);
}
