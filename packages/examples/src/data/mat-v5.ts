/**
 * A minimal reader and writer for MATLAB level-5 MAT files holding a 2-D uint8 matrix (pure).
 *
 * Layout: a 128-byte header (text, subsystem offset, version 0x0100, endian indicator 'IM' for
 * little-endian or 'MI' for big-endian), then data elements, each an 8-byte tag (type, byte count)
 * or a 4-byte small tag, padded to 8 bytes. A matrix (type miMATRIX = 14) holds array flags
 * (class mxUINT8 = 9), dimensions (int32), a name (int8) and the real part (miUINT8 = 2), stored
 * column-major. Compressed elements (miCOMPRESSED = 15, zlib) are read when an inflater is given.
 *
 * @module
 */
import { PersistenceError } from '@aevb/core';

/**
 * A 2-D uint8 matrix read from a MAT file; `data` is column-major, as MATLAB stores it: entry
 * (i, j) is `data[i + j * rows]`.
 *
 * @category Data
 */
export interface MatUint8Matrix {
  /** The variable's name. */
  readonly name: string;
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** The `rows * cols` entries, column-major. */
  readonly data: Uint8Array;
}

/**
 * Options of {@link parseMatUint8}.
 *
 * @category Data
 */
export interface ParseMatOptions {
  /** The variable to read; by default the first 2-D uint8 matrix. */
  readonly name?: string;
  /** Decompresses zlib data (e.g. `zlib.inflateSync`), for compressed (MATLAB -v7) files. */
  readonly inflate?: (bytes: Uint8Array) => Uint8Array;
}

/** MAT v5 data types and the uint8 class code. @internal */
export const MI_INT8 = 1;
/** @internal */
export const MI_UINT8 = 2;
/** @internal */
export const MI_INT32 = 5;
/** @internal */
export const MI_UINT32 = 6;
/** @internal */
export const MI_MATRIX = 14;
const MI_COMPRESSED = 15;
/** @internal */
export const MX_UINT8 = 9;
const CLASS_NAMES: readonly string[] = ['?', 'cell', 'struct', 'object', 'char', 'sparse', 'double', 'single', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64'];

interface Element {
  readonly type: number;
  readonly data: Uint8Array;
  readonly next: number;
}

class Reader {
  constructor(
    readonly file: string,
    readonly little: boolean,
  ) {}
  fail(problem: string): PersistenceError {
    return new PersistenceError(`parseMatUint8: MAT file '${this.file}' ${problem}`);
  }
  u32(bytes: Uint8Array, at: number): number {
    return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at, this.little);
  }
  /** Reads the data element at `at` in `bytes`. */
  element(bytes: Uint8Array, at: number, what: string): Element {
    if (at + 8 > bytes.length) throw this.fail(`is truncated: the tag of ${what} at byte ${at} needs 8 bytes, ${bytes.length - at} remain`);
    const first = this.u32(bytes, at);
    if (first >>> 16 !== 0) {
      const size = first >>> 16;
      if (size > 4) throw this.fail(`is corrupt: small element ${what} at byte ${at} claims ${size} bytes (at most 4)`);
      return { type: first & 0xffff, data: bytes.subarray(at + 4, at + 4 + size), next: at + 8 };
    }
    const size = this.u32(bytes, at + 4);
    const end = at + 8 + size;
    if (end > bytes.length) throw this.fail(`is truncated: ${what} at byte ${at} declares ${size} bytes, ${bytes.length - at - 8} remain`);
    const padded = first === MI_COMPRESSED ? end : at + 8 + Math.ceil(size / 8) * 8;
    return { type: first, data: bytes.subarray(at + 8, end), next: Math.min(padded, bytes.length) };
  }
}

interface Found {
  readonly name: string;
  readonly cls: number;
  readonly dims: readonly number[];
  readonly body: Uint8Array;
  readonly bodyAt: number;
}

function readMatrixHeader(r: Reader, m: Uint8Array): Found {
  const flags = r.element(m, 0, 'array flags');
  if (flags.type !== MI_UINT32 || flags.data.length < 8) throw r.fail('is corrupt: a matrix does not start with array flags');
  const cls = r.u32(flags.data, 0) & 0xff;
  const dimsEl = r.element(m, flags.next, 'dimensions');
  if (dimsEl.type !== MI_INT32 || dimsEl.data.length % 4 !== 0) throw r.fail('is corrupt: a matrix lacks int32 dimensions');
  const dims = Array.from({ length: dimsEl.data.length / 4 }, (_, i) => r.u32(dimsEl.data, 4 * i));
  const nameEl = r.element(m, dimsEl.next, 'array name');
  if (nameEl.type !== MI_INT8) throw r.fail('is corrupt: a matrix lacks an int8 name');
  const name = String.fromCharCode(...nameEl.data);
  const complex = (r.u32(flags.data, 0) & 0x0800) !== 0;
  return { name, cls: complex ? -1 : cls, dims, body: m, bodyAt: nameEl.next };
}

/**
 * Reads one 2-D uint8 matrix from the bytes of a level-5 MAT file.
 *
 * @param bytes - the file's content
 * @param file - the file name, for error messages
 * @throws PersistenceError naming the file when it is empty, truncated, not a level-5 MAT file,
 *   compressed without an inflater, or lacks the (uint8, 2-D) variable
 * @category Data
 */
export function parseMatUint8(bytes: Uint8Array, file: string, options: ParseMatOptions = {}): MatUint8Matrix {
  const head = new Reader(file, true);
  if (bytes.length === 0) throw head.fail('is empty');
  if (bytes.length < 128) throw head.fail(`is truncated: ${bytes.length} bytes, shorter than the 128-byte header`);
  const endian = String.fromCharCode(bytes[126] ?? 0, bytes[127] ?? 0);
  if (endian !== 'IM' && endian !== 'MI') {
    const text = String.fromCharCode(...bytes.subarray(0, 10));
    const hint = text.startsWith('MATLAB 7.3') ? ' (MATLAB 7.3 files are HDF5; save with -v6)' : '';
    throw head.fail(`has a wrong magic: endian indicator '${endian}' is not 'IM' or 'MI'; not a level-5 MAT file${hint}`);
  }
  const r = new Reader(file, endian === 'IM');
  const seen: string[] = [];
  for (let at = 128; at < bytes.length; ) {
    let el = r.element(bytes, at, `element ${seen.length + 1}`);
    at = el.next;
    if (el.type === MI_COMPRESSED) {
      if (options.inflate === undefined) throw r.fail('is compressed (MATLAB -v7); pass an inflater or save with -v6');
      let raw: Uint8Array;
      try {
        raw = options.inflate(el.data);
      } catch (e) {
        throw r.fail(`holds a corrupt compressed element (${(e as Error).message})`);
      }
      el = r.element(raw, 0, `compressed element ${seen.length + 1}`);
    }
    if (el.type !== MI_MATRIX) continue;
    const found = readMatrixHeader(r, el.data);
    seen.push(found.name);
    const wanted = options.name === undefined ? found.cls === MX_UINT8 && found.dims.length === 2 : found.name === options.name;
    if (!wanted) continue;
    if (found.cls !== MX_UINT8 || found.dims.length !== 2) {
      const cls = found.cls < 0 ? 'complex' : (CLASS_NAMES[found.cls] ?? `class ${found.cls}`);
      throw r.fail(`variable '${found.name}' is ${cls} [${found.dims.join(', ')}]; expected a 2-D uint8 matrix`);
    }
    const [rows = 0, cols = 0] = found.dims;
    const real = r.element(found.body, found.bodyAt, `the data of '${found.name}'`);
    if (real.type !== MI_UINT8) throw r.fail(`variable '${found.name}' stores its data as type ${real.type}, not miUINT8 (2)`);
    if (real.data.length !== rows * cols) {
      throw r.fail(`has a size mismatch: variable '${found.name}' is ${rows}x${cols} = ${rows * cols} values, its data holds ${real.data.length}`);
    }
    return { name: found.name, rows, cols, data: real.data.slice() };
  }
  const which = options.name === undefined ? 'a 2-D uint8 matrix' : `variable '${options.name}'`;
  throw r.fail(`lacks ${which}; variables found: [${seen.join(', ')}]`);
}
