/**
 * Writing a 2-D uint8 matrix as a level-5 MAT file (pure), e.g. to make test files.
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';
import { MI_INT32, MI_INT8, MI_MATRIX, MI_UINT32, MI_UINT8, MX_UINT8 } from './mat-v5.js';
import type { MatUint8Matrix } from './mat-v5.js';

/**
 * Encodes a 2-D uint8 matrix (column-major data) as an uncompressed little-endian level-5 MAT file;
 * the inverse of {@link parseMatUint8}.
 *
 * @category Data
 */
export function encodeMatUint8(matrix: MatUint8Matrix): Uint8Array {
  const { name, rows, cols, data } = matrix;
  if (data.length !== rows * cols) {
    throw new ArgumentError('encodeMatUint8', 'data', `must hold rows * cols = ${rows * cols} values; got ${data.length}`);
  }
  if (!/^[A-Za-z]\w*$/.test(name)) throw new ArgumentError('encodeMatUint8', 'name', `must be a MATLAB identifier; got '${name}'`);
  const pad = (n: number): number => Math.ceil(n / 8) * 8;
  const body = 16 + 16 + 8 + pad(name.length) + 8 + pad(data.length);
  const out = new Uint8Array(128 + 8 + body);
  const view = new DataView(out.buffer);
  const text = 'MATLAB 5.0 MAT-file, written by aevb';
  out.fill(0x20, 0, 116);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  view.setUint16(124, 0x0100, true);
  out[126] = 0x49; // 'I'
  out[127] = 0x4d; // 'M'
  let at = 128;
  const tag = (type: number, size: number): void => {
    view.setUint32(at, type, true);
    view.setUint32(at + 4, size, true);
    at += 8;
  };
  tag(MI_MATRIX, body);
  tag(MI_UINT32, 8);
  view.setUint32(at, MX_UINT8, true);
  at += 8;
  tag(MI_INT32, 8);
  view.setInt32(at, rows, true);
  view.setInt32(at + 4, cols, true);
  at += 8;
  tag(MI_INT8, name.length);
  for (let i = 0; i < name.length; i++) out[at + i] = name.charCodeAt(i);
  at += pad(name.length);
  tag(MI_UINT8, data.length);
  out.set(data, at);
  return out;
}
