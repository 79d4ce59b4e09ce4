/**
 * The IDX format of the MNIST files (pure: bytes in, bytes out).
 *
 * Layout (big-endian): two zero bytes, a type code (0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32,
 * 0x0D float32, 0x0E float64), the number of dimensions k, then k uint32 sizes, then the values in
 * row-major order.
 *
 * @module
 */
import { ArgumentError, PersistenceError } from '@aevb/core';

/**
 * The element types IDX files can hold.
 *
 * @category Data
 */
export type IdxDType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/**
 * An n-dimensional array read from or written to an IDX file. `data` is row-major; uint8 data is a
 * `Uint8Array`, every other type is converted to a `Float64Array`.
 *
 * @category Data
 */
export interface IdxArray {
  /** The element type stored in the file. */
  readonly dtype: IdxDType;
  /** The sizes of the dimensions. */
  readonly shape: readonly number[];
  /** The values, row-major; `prod(shape)` of them. */
  readonly data: Uint8Array | Float64Array;
}

const CODES: Readonly<Record<number, { dtype: IdxDType; bytes: number }>> = {
  0x08: { dtype: 'uint8', bytes: 1 },
  0x09: { dtype: 'int8', bytes: 1 },
  0x0b: { dtype: 'int16', bytes: 2 },
  0x0c: { dtype: 'int32', bytes: 4 },
  0x0d: { dtype: 'float32', bytes: 4 },
  0x0e: { dtype: 'float64', bytes: 8 },
};

function codeOf(dtype: IdxDType): { code: number; bytes: number } {
  for (const [code, info] of Object.entries(CODES)) if (info.dtype === dtype) return { code: Number(code), bytes: info.bytes };
  throw new ArgumentError('encodeIdx', 'dtype', `must be an IDX type; got '${String(dtype)}'`);
}

/**
 * Parses the bytes of an IDX file.
 *
 * @param bytes - the file's (decompressed) content
 * @param file - the file name, for error messages
 * @throws PersistenceError naming the file when it is empty, truncated, has a wrong magic number,
 *   or holds more bytes than its header declares
 * @category Data
 */
export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  const fail = (problem: string): PersistenceError => new PersistenceError(`parseIdx: IDX file '${file}' ${problem}`);
  if (bytes.length === 0) throw fail('is empty');
  if (bytes.length < 4) throw fail(`is truncated: ${bytes.length} bytes, shorter than the 4-byte magic number`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const info = CODES[bytes[2] ?? -1];
  if (bytes[0] !== 0 || bytes[1] !== 0 || info === undefined) {
    throw fail(`has a wrong magic number 0x${magic.toString(16).padStart(8, '0')} (expected 0x000008kk … 0x00000Ekk)`);
  }
  const { dtype, bytes: width } = info;
  const rank = bytes[3] ?? 0;
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) throw fail(`is truncated: ${bytes.length} bytes, shorter than its ${headerBytes}-byte header (rank ${rank})`);
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = headerBytes + count * width;
  if (bytes.length < expected) {
    throw fail(`is truncated: shape [${shape.join(', ')}] of ${dtype} needs ${expected} bytes, the file has ${bytes.length}`);
  }
  if (bytes.length > expected) {
    throw fail(`has a size mismatch: shape [${shape.join(', ')}] of ${dtype} needs ${expected} bytes, the file has ${bytes.length}`);
  }
  if (dtype === 'uint8') return { dtype, shape, data: bytes.slice(headerBytes, expected) };
  const data = new Float64Array(count);
  for (let i = 0, o = headerBytes; i < count; i++, o += width) {
    data[i] =
      dtype === 'int8' ? view.getInt8(o)
      : dtype === 'int16' ? view.getInt16(o, false)
      : dtype === 'int32' ? view.getInt32(o, false)
      : dtype === 'float32' ? view.getFloat32(o, false)
      : view.getFloat64(o, false);
  }
  return { dtype, shape, data };
}

/**
 * Encodes an array as IDX bytes (the inverse of {@link parseIdx}).
 *
 * @throws ArgumentError when `data.length` is not the product of `shape`, or a size is not a uint32
 * @category Data
 */
export function encodeIdx(array: IdxArray): Uint8Array {
  const { dtype, shape, data } = array;
  const { code, bytes: width } = codeOf(dtype);
  if (shape.length > 255) throw new ArgumentError('encodeIdx', 'shape', `must have at most 255 dimensions; got ${shape.length}`);
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0 || s > 0xffffffff) {
      throw new ArgumentError('encodeIdx', 'shape', `must hold uint32 sizes; got [${shape.join(', ')}]`);
    }
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (data.length !== count) {
    throw new ArgumentError('encodeIdx', 'data', `must hold prod(shape [${shape.join(', ')}]) = ${count} values; got ${data.length}`);
  }
  const header = 4 + 4 * shape.length;
  const out = new Uint8Array(header + count * width);
  const view = new DataView(out.buffer);
  out[2] = code;
  out[3] = shape.length;
  shape.forEach((s, i) => view.setUint32(4 + 4 * i, s, false));
  for (let i = 0, o = header; i < count; i++, o += width) {
    const v = data[i] ?? 0;
    if (dtype === 'uint8') view.setUint8(o, v);
    else if (dtype === 'int8') view.setInt8(o, v);
    else if (dtype === 'int16') view.setInt16(o, v, false);
    else if (dtype === 'int32') view.setInt32(o, v, false);
    else if (dtype === 'float32') view.setFloat32(o, v, false);
    else view.setFloat64(o, v, false);
  }
  return out;
}
