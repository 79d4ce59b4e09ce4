/**
 * The checkpoint file format: a fixed header, a JSON description and a binary blob, checked by
 * a magic string, a format version and a checksum. Pure functions over bytes (no file system),
 * usable in browsers.
 *
 * ```text
 * bytes 0–7    "AEVBCKPT"
 * bytes 8–11   format version (uint32, little-endian)
 * bytes 12–15  J, the JSON's length in bytes (uint32 LE), padded with spaces to a multiple of 8
 * bytes 16–19  FNV-1a checksum of every byte from 24 to the end (uint32 LE)
 * bytes 20–23  0
 * then         the JSON ({@link CheckpointHeader}), the float64 section, the float32 section
 * ```
 *
 * @module
 */
import { PersistenceError } from '@aevb/core';
import { checksumBytes } from '@aevb/core/internal';
import { parseHeader } from './checkpoint-schema.js';
import type { CheckpointHeader } from './checkpoint-schema.js';

/** Current version of the checkpoint format. @category Checkpoints */
export const CHECKPOINT_FORMAT_VERSION = 1;

const MAGIC = 'AEVBCKPT';
const HEADER_BYTES = 24;

/** A decoded checkpoint: its description and its numbers. @category Checkpoints */
export interface CheckpointData {
  /** Everything but the numeric arrays (JSON-safe). */
  readonly header: CheckpointHeader;
  /** Float64 values: the per-step bounds of the history. */
  readonly float64: Float64Array;
  /** Float32 values: parameters, then optimizer slots, at the offsets the header gives. */
  readonly float32: Float32Array;
}

function littleEndianHost(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

/**
 * Encodes a checkpoint into bytes (see the module description for the layout).
 *
 * @category Checkpoints
 */
export function serializeCheckpoint(data: CheckpointData): Uint8Array {
  if (!littleEndianHost()) throw new PersistenceError('serializeCheckpoint: big-endian hosts are not supported');
  const header = { ...data.header, float64Length: data.float64.length, float32Length: data.float32.length };
  // Non-finite numbers (NaN bounds of rejected steps, -Infinity before any best) become strings, undefined becomes null.
  const replacer = (_key: string, v: unknown): unknown => (v === undefined ? null : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
  let json = new TextEncoder().encode(JSON.stringify(header, replacer));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const total = HEADER_BYTES + padded + data.float64.byteLength + data.float32.byteLength;
  const out = new Uint8Array(total);
  out.set(new TextEncoder().encode(MAGIC), 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, CHECKPOINT_FORMAT_VERSION, true);
  view.setUint32(12, padded, true);
  out.set(json, HEADER_BYTES);
  let at = HEADER_BYTES + padded;
  out.set(new Uint8Array(data.float64.buffer, data.float64.byteOffset, data.float64.byteLength), at);
  at += data.float64.byteLength;
  out.set(new Uint8Array(data.float32.buffer, data.float32.byteOffset, data.float32.byteLength), at);
  view.setUint32(16, parseInt(checksumBytes(out.subarray(HEADER_BYTES)), 16), true);
  return out;
}

/**
 * Reads only the JSON description (for choosing between checkpoint files cheaply); the
 * checksum is not verified. Throws `PersistenceError` naming `where` and the problem.
 *
 * @category Checkpoints
 */
export function parseCheckpointHeader(bytes: Uint8Array, where: string): CheckpointHeader {
  return readHeader(bytes, where).header;
}

function readHeader(bytes: Uint8Array, where: string): { header: CheckpointHeader; jsonBytes: number } {
  const fail = (problem: string): never => {
    throw new PersistenceError(`${where}: ${problem}`);
  };
  if (!(bytes instanceof Uint8Array)) return fail('is not a byte array');
  if (bytes.length < HEADER_BYTES) return fail(`has ${bytes.length} bytes, fewer than the ${HEADER_BYTES}-byte header (truncated or not a checkpoint)`);
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (magic !== MAGIC) return fail('is not an aevb checkpoint (bad magic bytes)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== CHECKPOINT_FORMAT_VERSION) {
    return fail(`has checkpoint format version ${version}; this aevb reads version ${CHECKPOINT_FORMAT_VERSION}`);
  }
  const jsonBytes = view.getUint32(12, true);
  if (jsonBytes % 8 !== 0 || HEADER_BYTES + jsonBytes > bytes.length) {
    return fail(`declares ${jsonBytes} bytes of JSON but has ${bytes.length - HEADER_BYTES} after the header (truncated or corrupt)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + jsonBytes)));
  } catch {
    return fail('has a corrupt JSON description');
  }
  return { header: parseHeader(json, where), jsonBytes };
}

/**
 * Decodes and validates a checkpoint: magic, version, checksum, the description's structure
 * and every section's size. Throws `PersistenceError` naming `where` and the problem;
 * never returns partial data.
 *
 * @category Checkpoints
 */
export function parseCheckpoint(bytes: Uint8Array, where: string): CheckpointData {
  const { header, jsonBytes } = readHeader(bytes, where);
  const fail = (problem: string): never => {
    throw new PersistenceError(`${where}: ${problem}`);
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stored = view.getUint32(16, true).toString(16).padStart(8, '0');
  const start = HEADER_BYTES + jsonBytes;
  const expected = start + header.float64Length * 8 + header.float32Length * 4;
  if (bytes.length !== expected) {
    return fail(`has ${bytes.length} bytes but its description implies ${expected} (truncated or corrupt)`);
  }
  const sum = checksumBytes(bytes.subarray(HEADER_BYTES));
  if (sum !== stored) return fail(`checksum mismatch (${sum} != ${stored}); the file is corrupt`);
  // Copies (the input may be an unaligned view, e.g. a Node Buffer from the shared pool).
  const f64 = new Float64Array(header.float64Length);
  new Uint8Array(f64.buffer).set(bytes.subarray(start, start + header.float64Length * 8));
  const f32 = new Float32Array(header.float32Length);
  new Uint8Array(f32.buffer).set(bytes.subarray(start + header.float64Length * 8, expected));
  return { header, float64: f64, float32: f32 };
}
