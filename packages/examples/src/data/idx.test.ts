import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PersistenceError } from '@aevb/core';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeIdx, parseIdx } from './idx.js';
import { readIdxFile, writeIdxFile } from './idx-file.js';
import { labeledSetFromIdx } from './mnist-idx.js';
import { MNIST_IDX_FILES, loadMnistIdx } from './mnist-idx-file.js';

const dir = mkdtempSync(join(tmpdir(), 'aevb-idx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('idx', () => {
  describe('parseIdx', () => {
    it('reads a hand-written uint8 file byte for byte', () => {
      // magic 0x00000802, dims 2 x 3, then 6 values
      const bytes = Uint8Array.from([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 255]);
      const a = parseIdx(bytes, 'hand.idx');
      expect(a.dtype).toBe('uint8');
      expect(a.shape).toEqual([2, 3]);
      expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 255]);
    });
    it('reads big-endian int32 and float64 values', () => {
      const bytes = Uint8Array.from([0, 0, 0x0c, 1, 0, 0, 0, 2, 0xff, 0xff, 0xff, 0xfe, 0, 0, 1, 0]);
      expect(Array.from(parseIdx(bytes, 'i.idx').data)).toEqual([-2, 256]);
      const f = encodeIdx({ dtype: 'float64', shape: [3], data: Float64Array.from([0.1, -2.5, 1e300]) });
      expect(Array.from(parseIdx(f, 'f.idx').data)).toEqual([0.1, -2.5, 1e300]);
    });
    it.each(['int8', 'int16', 'int32', 'float32'] as const)('round-trips %s', (dtype) => {
      const data = Float64Array.from([-3, 0, 7, 100]);
      const back = parseIdx(encodeIdx({ dtype, shape: [2, 2], data }), 'x');
      expect(back).toEqual({ dtype, shape: [2, 2], data });
    });
    it.each([
      [new Uint8Array(0), /'bad\.idx' is empty/],
      [Uint8Array.from([0, 0]), /'bad\.idx' is truncated: 2 bytes/],
      [Uint8Array.from([0x1f, 0x8b, 8, 3, 0, 0, 0, 1]), /'bad\.idx' has a wrong magic number 0x1f8b0803/],
      [Uint8Array.from([0, 0, 0x07, 1, 0, 0, 0, 1, 0]), /wrong magic number 0x00000701/],
      [Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 2]), /is truncated: .* 16-byte header \(rank 3\)/],
      [Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 4, 1, 2]), /is truncated: shape \[4\] of uint8 needs 12 bytes, the file has 10/],
      [Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 1, 1, 2]), /size mismatch: shape \[1\] of uint8 needs 9 bytes, the file has 10/],
    ])('rejects malformed bytes %#', (bytes, message) => {
      expect(() => parseIdx(bytes, 'bad.idx')).toThrow(PersistenceError);
      expect(() => parseIdx(bytes, 'bad.idx')).toThrow(message);
    });
  });

  describe('encodeIdx', () => {
    it('rejects data that does not match the shape', () => {
      expect(() => encodeIdx({ dtype: 'uint8', shape: [2, 2], data: new Uint8Array(3) })).toThrow(/prod\(shape \[2, 2\]\) = 4 values; got 3/);
    });
  });

  describe('readIdxFile / writeIdxFile', () => {
    it('round-trips plain and gzipped files', () => {
      const a = { dtype: 'uint8' as const, shape: [3, 2, 2], data: Uint8Array.from({ length: 12 }, (_, i) => i * 20) };
      for (const name of ['a-idx3-ubyte', 'sub/a-idx3-ubyte.gz']) {
        writeIdxFile(join(dir, name), a);
        expect(readIdxFile(join(dir, name))).toEqual(a);
      }
    });
    it('names the file that is missing, empty or a corrupt gzip', () => {
      expect(() => readIdxFile(join(dir, 'nope'))).toThrow(/readIdxFile: file '.*nope' is missing/);
      writeFileSync(join(dir, 'empty'), new Uint8Array(0));
      expect(() => readIdxFile(join(dir, 'empty'))).toThrow(/file '.*empty' is empty/);
      const gz = gzipSync(Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 1, 7]));
      writeFileSync(join(dir, 'cut.gz'), gz.subarray(0, gz.length - 6));
      expect(() => readIdxFile(join(dir, 'cut.gz'))).toThrow(/gzip file '.*cut\.gz' is corrupt or truncated/);
    });
  });
});

describe('mnist-idx', () => {
  const images = (n: number) => ({ dtype: 'uint8' as const, shape: [n, 2, 3], data: Uint8Array.from({ length: n * 6 }, (_, i) => (i * 37) % 256) });
  const labels = (n: number) => ({ dtype: 'uint8' as const, shape: [n], data: Uint8Array.from({ length: n }, (_, i) => i % 10) });

  describe('labeledSetFromIdx', () => {
    it('scales pixels by 1/255 and keeps labels', () => {
      const s = labeledSetFromIdx(images(2), labels(2), 'i', 'l');
      expect(s).toMatchObject({ n: 2, height: 2, width: 3 });
      expect(s.images[1]).toBeCloseTo(37 / 255, 7);
      expect(Array.from(s.labels)).toEqual([0, 1]);
    });
    it('rejects wrong ranks, count mismatches and labels above 9', () => {
      expect(() => labeledSetFromIdx(labels(2), labels(2), 'imgs', 'l')).toThrow(/images file 'imgs' must hold uint8 \[n, rows, cols\]/);
      expect(() => labeledSetFromIdx(images(2), images(2), 'i', 'labs')).toThrow(/labels file 'labs' must hold uint8 \[n\]/);
      expect(() => labeledSetFromIdx(images(3), labels(2), 'i', 'l')).toThrow(/'i' holds 3 images, labels file 'l' holds 2 labels/);
      const bad = { ...labels(2), data: Uint8Array.from([1, 12]) };
      expect(() => labeledSetFromIdx(images(2), bad, 'i', 'l')).toThrow(/label 12 at index 1/);
    });
  });

  describe('loadMnistIdx', () => {
    it('loads the four files, gzipped or not', () => {
      const d = join(dir, 'mnist');
      writeIdxFile(join(d, MNIST_IDX_FILES.trainImages + '.gz'), images(5));
      writeIdxFile(join(d, MNIST_IDX_FILES.trainLabels), labels(5));
      writeIdxFile(join(d, MNIST_IDX_FILES.testImages), images(3));
      writeIdxFile(join(d, MNIST_IDX_FILES.testLabels + '.gz'), labels(3));
      const { train, test } = loadMnistIdx(d);
      expect([train.n, test.n, train.height, train.width]).toEqual([5, 3, 2, 3]);
      expect(Array.from(test.labels)).toEqual([0, 1, 2]);
    });
    it('names a missing directory or file', () => {
      expect(() => loadMnistIdx(join(dir, 'absent'))).toThrow(/data directory '.*absent' is missing/);
      const d = join(dir, 'partial');
      writeIdxFile(join(d, MNIST_IDX_FILES.trainImages), images(1));
      expect(() => loadMnistIdx(d)).toThrow(/train-labels-idx1-ubyte' \(or 'train-labels-idx1-ubyte\.gz'\) is missing/);
    });
  });
});
