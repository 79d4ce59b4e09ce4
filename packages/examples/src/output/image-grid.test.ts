import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { renderGrid, renderTuples } from './image-grid.js';
import { encodePng, writePng, writeSvg } from './png-file.js';
import { manifoldGrid, normalQuantile } from './manifold.js';

const dir = mkdtempSync(join(tmpdir(), 'aevb-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const grey = (img: { width: number; data: Uint8ClampedArray | Buffer }, x: number, y: number): number[] =>
  Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));

describe('image-grid', () => {
  describe('renderGrid', () => {
    // three 2x2 images: image i has every pixel i / 2
    const images = Float32Array.from({ length: 12 }, (_, k) => Math.floor(k / 4) / 2);
    it('places image i at row floor(i / cols), column i mod cols, with padding', () => {
      const img = renderGrid(images, { height: 2, width: 2, cols: 2, pad: 1 });
      expect([img.width, img.height]).toEqual([2 * 3 + 1, 2 * 3 + 1]);
      expect(grey(img, 0, 0)).toEqual([128, 128, 128, 255]); // padding
      expect(grey(img, 1, 1)).toEqual([0, 0, 0, 255]); // image 0
      expect(grey(img, 5, 2)).toEqual([128, 128, 128, 255]); // image 1 is 0.5 -> round(127.5) = 128
      expect(grey(img, 1, 4)).toEqual([255, 255, 255, 255]); // image 2, second grid row
      expect(grey(img, 4, 4)).toEqual([128, 128, 128, 255]); // empty cell shows padding grey
    });
    it('scales, inverts, clamps and shows NaN as 0', () => {
      const img = renderGrid(Float32Array.from([2, -1, Number.NaN, 0.25]), { height: 2, width: 2, pad: 0, scale: 3, invert: true });
      expect([img.width, img.height]).toEqual([6, 6]);
      expect(grey(img, 2, 2)[0]).toBe(0); // 2 clamps to 1, inverted
      expect(grey(img, 5, 0)[0]).toBe(255); // -1 clamps to 0, inverted
      expect(grey(img, 0, 5)[0]).toBe(255); // NaN -> 0, inverted
      expect(grey(img, 3, 3)[0]).toBe(191); // 1 - 0.25 -> round(191.25)
    });
    it('rejects a partial image and bad layouts', () => {
      expect(() => renderGrid(new Float32Array(5), { height: 2, width: 2 })).toThrow(/multiple of 2x2 = 4 values; got 5/);
      expect(() => renderGrid(new Float32Array(4), { height: 2, width: 2, scale: 0 })).toThrow(/options.scale' must be a positive integer; got 0/);
    });
  });

  describe('renderTuples', () => {
    it('puts tuple members side by side', () => {
      const a = Float32Array.from([0, 0, 1, 1]); // two 1x2 images: 0, 1
      const b = Float32Array.from([1, 1, 0, 0]);
      const img = renderTuples([a, b], { height: 1, width: 2, pad: 0, tuplesPerRow: 1 });
      expect([img.width, img.height]).toEqual([4, 2]);
      const row = (y: number) => [0, 1, 2, 3].map((x) => grey(img, x, y)[0]);
      expect(row(0)).toEqual([0, 0, 255, 255]);
      expect(row(1)).toEqual([255, 255, 0, 0]);
      // two tuples per row: a gap of 3 grey pixels separates tuple 0 (x 0-3) from tuple 1 (x 7-10)
      const wide = renderTuples([a, b], { height: 1, width: 2, pad: 0, tuplesPerRow: 2, tupleGap: 3 });
      expect([wide.width, wide.height]).toEqual([11, 1]);
      expect(Array.from({ length: 11 }, (_, x) => grey(wide, x, 0)[0])).toEqual([0, 0, 255, 255, 128, 128, 128, 255, 255, 0, 0]);
      expect(() => renderTuples([a, new Float32Array(2)], { height: 1, width: 2 })).toThrow(/sets\[1\]' must hold as many values as sets\[0\] \(4\); got 2/);
    });
  });
});

describe('png-file', () => {
  it('writes a PNG that decodes to the same pixels', () => {
    const img = renderGrid(Float32Array.from({ length: 2 * 9 }, (_, i) => i / 17), { height: 3, width: 3, cols: 2, scale: 2 });
    const file = join(dir, 'sub', 'grid.png');
    writePng(file, img);
    const back = PNG.sync.read(readFileSync(file));
    expect([back.width, back.height]).toEqual([img.width, img.height]);
    expect(Buffer.compare(back.data, Buffer.from(img.data))).toBe(0);
    expect(() => encodePng({ width: 2, height: 2, data: new Uint8ClampedArray(3) })).toThrow(/2 x 2 x 4 = 16 bytes; got 3/);
  });
  it('writes SVG text and names an unwritable path', () => {
    writeSvg(join(dir, 'a.svg'), '<svg/>');
    expect(readFileSync(join(dir, 'a.svg'), 'utf8')).toBe('<svg/>');
    expect(() => writeSvg(join(dir, 'a.svg', 'b.svg'), '')).toThrow(/writeSvg: cannot write '.*b\.svg'/);
  });
});

describe('manifold', () => {
  it('normalQuantile matches SciPy norm.ppf', () => {
    // scipy.stats.norm.ppf values; the approximation's relative error is below 1.2e-9
    const cases: [number, number][] = [[0.5, 0], [0.975, 1.959963984540054], [0.01, -2.3263478740408408], [1e-10, -6.361340902404056], [0.7, 0.5244005127080407]];
    for (const [p, q] of cases) expect(Math.abs(normalQuantile(p) - q)).toBeLessThanOrEqual(2e-9 * Math.max(1, Math.abs(q)));
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(() => normalQuantile(1.5)).toThrow(/'p' must be in \[0, 1\]; got 1.5/);
  });
  it('manifoldGrid puts z1 increasing rightwards and z2 upwards, symmetric about 0', () => {
    const z = manifoldGrid(4);
    expect(z.length).toBe(32);
    expect(z[0]).toBeCloseTo(normalQuantile(0.125), 6); // top-left: smallest z1 …
    expect(z[1]).toBeCloseTo(normalQuantile(0.875), 6); // … largest z2
    expect(z[2 * 15]).toBeCloseTo(-(z[0] ?? 0), 6); // bottom-right mirrors it
    expect(z[2 * 15 + 1]).toBeCloseTo(-(z[1] ?? 0), 6);
  });
});
