import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { PersistenceError } from '@aevb/core';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMatUint8 } from './mat-v5.js';
import { encodeMatUint8 } from './mat-v5-write.js';
import { FREY_HEIGHT, FREY_WIDTH, freyFromMat } from './frey.js';
import { loadFreyFaces } from './frey-file.js';

// Written by SciPy 1.x: savemat('small.mat', {'ff': arange(18, dtype=uint8).reshape(6, 3) * 13,
// 'x': [[1.5, 2.5]]}, do_compression=False), and the same 'ff' alone with do_compression=True.
const SCIPY =
  'TUFUTEFCIDUuMCBNQVQtZmlsZSBQbGF0Zm9ybTogcG9zaXgsIENyZWF0ZWQgb246IFdlZCBOb3YgMjUgMTU6MDc6MDggMjAyNgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABSU0OAAAASAAAAAYAAAAIAAAACQAAAAAAAAAFAAAACAAAAAYAAAADAAAAAQACAGZmAAACAAAAEgAAAAAnTnWcww00W4Kp0BpBaI+23QAAAAAAAA4AAABAAAAABgAAAAgAAAAGAAAAAAAAAAUAAAAIAAAAAQAAAAIAAAABAAEAeAAAAAkAAAAQAAAAAAAAAAAA+D8AAAAAAAAEQA==';
const SCIPY_Z =
  'TUFUTEFCIDUuMCBNQVQtZmlsZSBQbGF0Zm9ybTogcG9zaXgsIENyZWF0ZWQgb246IFdlZCBOb3YgMjUgMTU6MDc6MDggMjAyNgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABSU0PAAAAPwAAAHic42NgYPAAYjYg5gBiTgYIYIXyQeLMQMzIwMSQlsYAJBkYhEAK1P1K5xzmNYluWnlByjGjf9tdiD4AsDgJLA==';
const bytesOf = (b64: string): Uint8Array => new Uint8Array(Buffer.from(b64, 'base64'));
// Column-major entries of arange(18).reshape(6, 3) * 13: entry (i, j) = 13 * (3 i + j).
const SCIPY_DATA = Array.from({ length: 18 }, (_, k) => 13 * (3 * (k % 6) + Math.floor(k / 6)));

const dir = mkdtempSync(join(tmpdir(), 'aevb-mat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mat-v5', () => {
  describe('parseMatUint8', () => {
    it('reads a SciPy-written file (small data elements, several variables)', () => {
      const m = parseMatUint8(bytesOf(SCIPY), 'small.mat');
      expect(m).toMatchObject({ name: 'ff', rows: 6, cols: 3 });
      expect(Array.from(m.data)).toEqual(SCIPY_DATA);
    });
    it('reads a compressed file when given an inflater, and says how otherwise', () => {
      const m = parseMatUint8(bytesOf(SCIPY_Z), 'z.mat', { inflate: (b) => inflateSync(b) });
      expect(Array.from(m.data)).toEqual(SCIPY_DATA);
      expect(() => parseMatUint8(bytesOf(SCIPY_Z), 'z.mat')).toThrow(/'z\.mat' is compressed \(MATLAB -v7\)/);
    });
    it('round-trips its own encoding', () => {
      const matrix = { name: 'ff', rows: 4, cols: 5, data: Uint8Array.from({ length: 20 }, (_, i) => 250 - i) };
      expect(parseMatUint8(encodeMatUint8(matrix), 'own.mat')).toEqual(matrix);
    });
    it('reads a big-endian file', () => {
      const le = encodeMatUint8({ name: 'ff', rows: 2, cols: 3, data: Uint8Array.from([1, 2, 3, 4, 5, 6]) });
      const be = le.slice();
      be[126] = 0x4d; // 'M'
      be[127] = 0x49; // 'I'
      const view = new DataView(be.buffer);
      // swap every 32-bit tag, flag and dimension word (bytes 128-191) except the name's bytes (176-183)
      for (let at = 128; at < 192; at += 4) if (at < 176 || at >= 184) view.setUint32(at, view.getUint32(at, true), false);
      expect(Array.from(parseMatUint8(be, 'be.mat').data)).toEqual([1, 2, 3, 4, 5, 6]);
    });
    it('rejects a wrong variable, a wrong class and a missing variable, naming them', () => {
      const b = bytesOf(SCIPY);
      expect(() => parseMatUint8(b, 's.mat', { name: 'x' })).toThrow(/variable 'x' is double \[1, 2\]; expected a 2-D uint8 matrix/);
      expect(() => parseMatUint8(b, 's.mat', { name: 'gg' })).toThrow(/'s\.mat' lacks variable 'gg'; variables found: \[ff, x\]/);
    });
    it.each([
      ['empty', new Uint8Array(0), /'f\.mat' is empty/],
      ['short header', new Uint8Array(100), /is truncated: 100 bytes, shorter than the 128-byte header/],
      ['bad endian', new Uint8Array(128), /wrong magic: endian indicator/],
      ['cut data', bytesOf(SCIPY).subarray(0, 200), /is truncated: element 1 at byte 128 declares 72 bytes, 64 remain/],
    ])('rejects a malformed file (%s)', (_, bytes, message) => {
      expect(() => parseMatUint8(bytes, 'f.mat')).toThrow(PersistenceError);
      expect(() => parseMatUint8(bytes, 'f.mat')).toThrow(message);
    });
    it('detects a data size that disagrees with the dimensions', () => {
      const b = encodeMatUint8({ name: 'ff', rows: 2, cols: 2, data: new Uint8Array(4) });
      const view = new DataView(b.buffer);
      view.setInt32(128 + 8 + 16 + 8, 3, true); // rows := 3
      expect(() => parseMatUint8(b, 'f.mat')).toThrow(/size mismatch: variable 'ff' is 3x2 = 6 values, its data holds 4/);
    });
  });
});

describe('frey', () => {
  const pixels = FREY_HEIGHT * FREY_WIDTH;
  const faces = (n: number) => ({ name: 'ff', rows: pixels, cols: n, data: Uint8Array.from({ length: n * pixels }, (_, k) => (k * 7) % 256) });

  describe('freyFromMat', () => {
    it('makes column j face j, row-major 28 x 20, scaled into [0, 1]', () => {
      const s = freyFromMat(faces(2), 'f.mat');
      expect(s).toMatchObject({ n: 2, height: 28, width: 20 });
      // face 1, row 3, column 5 is matrix entry (3 * 20 + 5, 1)
      expect(s.images[1 * pixels + 3 * 20 + 5]).toBeCloseTo((((pixels + 65) * 7) % 256) / 255, 7);
    });
    it('rejects a matrix without 560 rows', () => {
      expect(() => freyFromMat({ name: 'ff', rows: 28, cols: 20, data: new Uint8Array(560) }, 'f.mat')).toThrow(
        /variable 'ff' of 'f\.mat' is 28x20; expected 560 rows/,
      );
    });
  });

  describe('loadFreyFaces', () => {
    it('reads a MAT file the test writes and splits it 80/20 in order', () => {
      const file = join(dir, 'frey_rawface.mat');
      writeFileSync(file, encodeMatUint8(faces(10)));
      const { train, test } = loadFreyFaces(file);
      expect([train.n, test.n]).toEqual([8, 2]);
      expect(test.images[0]).toBeCloseTo(((8 * pixels * 7) % 256) / 255, 7);
    });
    it('names a missing file', () => {
      expect(() => loadFreyFaces(join(dir, 'none.mat'))).toThrow(/loadFreyFaces: file '.*none\.mat' is missing/);
    });
  });
});
