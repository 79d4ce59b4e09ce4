/**
 * Reading and writing IDX files, gzip-compressed or not (Node only).
 *
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PersistenceError } from '@aevb/core';
import { encodeIdx, parseIdx } from './idx.js';
import type { IdxArray } from './idx.js';

/**
 * Reads a file's bytes, or throws a `PersistenceError` (from `@aevb/core`) naming the function and file.
 * Gzip content (magic bytes 1f 8b) is decompressed.
 *
 * @param file - the path
 * @param fn - the calling function, for error messages
 * @category Data
 */
export function readMaybeGzipped(file: string, fn: string): Uint8Array {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const problem = code === 'ENOENT' ? 'is missing' : `cannot be read (${String(e)})`;
    throw new PersistenceError(`${fn}: file '${file}' ${problem}`);
  }
  if (raw.length === 0) throw new PersistenceError(`${fn}: file '${file}' is empty`);
  if (raw[0] !== 0x1f || raw[1] !== 0x8b) return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  try {
    const out = gunzipSync(raw);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    throw new PersistenceError(`${fn}: gzip file '${file}' is corrupt or truncated (${(e as Error).message})`);
  }
}

/**
 * Reads an IDX file; a gzip-compressed file (`.gz`, detected by its content) is decompressed first.
 *
 * @throws PersistenceError when the file is missing, empty, corrupt, truncated, has a wrong magic
 *   number or a size mismatch (see {@link parseIdx})
 * @category Data
 */
export function readIdxFile(file: string): IdxArray {
  return parseIdx(readMaybeGzipped(file, 'readIdxFile'), file);
}

/**
 * Writes an array as an IDX file, gzip-compressed when the name ends in `.gz`; creates the directory.
 *
 * @category Data
 */
export function writeIdxFile(file: string, array: IdxArray): void {
  const bytes = encodeIdx(array);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, file.endsWith('.gz') ? gzipSync(bytes) : bytes);
  } catch (e) {
    throw new PersistenceError(`writeIdxFile: cannot write '${file}' (${String(e)})`);
  }
}
