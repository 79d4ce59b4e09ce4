/**
 * Rendering grey images into one RGBA picture: digit grids, side-by-side comparisons (pure; no
 * Node or DOM APIs, so a browser page can draw the result into an `ImageData`).
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';

/**
 * An RGBA picture, 4 bytes per pixel, row-major (the layout of `ImageData` and of pngjs).
 *
 * @category Output
 */
export interface RgbaImage {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** `width * height * 4` bytes: red, green, blue, alpha. */
  readonly data: Uint8ClampedArray;
}

/**
 * Layout options of {@link renderGrid} and {@link renderTuples}.
 *
 * @category Output
 */
export interface GridOptions {
  /** Rows per image. */
  readonly height: number;
  /** Columns per image. */
  readonly width: number;
  /** Images per grid row (default: ceil(sqrt(n))). */
  readonly cols?: number;
  /** Pixels between images, before scaling (default 1). */
  readonly pad?: number;
  /** Integer magnification (default 1). */
  readonly scale?: number;
  /** Grey level of the padding, 0–255 (default 128). */
  readonly padGrey?: number;
  /** Draw dark digits on white (1 - v) instead of white on black. */
  readonly invert?: boolean;
}

/**
 * Layout options of {@link renderTuples}.
 *
 * @category Output
 */
export interface TupleOptions extends GridOptions {
  /** Tuples per grid row (default: ceil(sqrt(n))). */
  readonly tuplesPerRow?: number;
  /** Extra pixels between tuples, before scaling (default 4). */
  readonly tupleGap?: number;
}

function checkLayout(fn: string, pixels: number, o: GridOptions): void {
  for (const [k, v] of Object.entries({ height: o.height, width: o.width, scale: o.scale ?? 1, cols: o.cols ?? 1 })) {
    if (!Number.isInteger(v) || v < 1) throw new ArgumentError(fn, `options.${k}`, `must be a positive integer; got ${v}`);
  }
  if (!Number.isInteger(o.pad ?? 1) || (o.pad ?? 1) < 0) throw new ArgumentError(fn, 'options.pad', `must be a non-negative integer; got ${o.pad}`);
  if (pixels % (o.height * o.width) !== 0) {
    throw new ArgumentError(fn, 'images', `must hold a multiple of ${o.height}x${o.width} = ${o.height * o.width} values; got ${pixels}`);
  }
}

/**
 * Tiles images (grey values in [0, 1], clamped; NaN shown as 0) into a grid, row by row:
 * image i goes to grid row floor(i / cols), column i mod cols. Grey v becomes round(255 v).
 *
 * @param images - n images of `height * width` values, one after another
 * @throws ArgumentError when the layout is invalid or `images` is not a whole number of images
 * @category Output
 */
export function renderGrid(images: Float32Array, options: GridOptions): RgbaImage {
  checkLayout('renderGrid', images.length, options);
  return tile(images, options, 1, 0);
}

/** Tiles images; every `group` columns an extra `gap` pixels (before scaling) are inserted. */
function tile(images: Float32Array, options: GridOptions, group: number, gap: number): RgbaImage {
  const { height: h, width: w } = options;
  const n = images.length / (h * w);
  const cols = options.cols ?? Math.max(1, Math.ceil(Math.sqrt(n)));
  const rows = Math.max(1, Math.ceil(n / cols));
  const pad = options.pad ?? 1;
  const s = options.scale ?? 1;
  const left = (col: number): number => pad + col * (w + pad) + Math.floor(col / group) * gap;
  const width = (left(cols - 1) + w + pad) * s;
  const height = (rows * (h + pad) + pad) * s;
  const data = new Uint8ClampedArray(width * height * 4);
  const padGrey = options.padGrey ?? 128;
  for (let i = 0; i < data.length; i += 4) data.set([padGrey, padGrey, padGrey, 255], i);
  for (let i = 0; i < n; i++) {
    const x0 = left(i % cols) * s;
    const y0 = (Math.floor(i / cols) * (h + pad) + pad) * s;
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        const v = Math.min(1, Math.max(0, images[i * h * w + r * w + c] || 0));
        const g = Math.round(255 * (options.invert === true ? 1 - v : v));
        for (let dy = 0; dy < s; dy++) {
          const row = (y0 + r * s + dy) * width;
          for (let dx = 0; dx < s; dx++) data.set([g, g, g, 255], (row + x0 + c * s + dx) * 4);
        }
      }
    }
  }
  return { width, height, data };
}

/**
 * Shows k aligned sets of n images as n tuples side by side, e.g. test digits beside their
 * reconstructions (k = 2) or clean, noisy and denoised digits (k = 3). Each grid row holds
 * `options.tuplesPerRow` tuples (default: ceil(sqrt(n))), separated by `options.tupleGap` extra
 * pixels (default 4); `options.cols` is ignored (it is k * tuplesPerRow).
 *
 * @param sets - k arrays of the same length, each n images
 * @param options - the layout, plus `tuplesPerRow` and `tupleGap`
 * @throws ArgumentError when the sets differ in length
 * @category Output
 */
export function renderTuples(sets: readonly Float32Array[], options: TupleOptions): RgbaImage {
  const first = sets[0];
  if (first === undefined) throw new ArgumentError('renderTuples', 'sets', 'must hold at least one image set');
  sets.forEach((s, j) => {
    if (s.length !== first.length) {
      throw new ArgumentError('renderTuples', `sets[${j}]`, `must hold as many values as sets[0] (${first.length}); got ${s.length}`);
    }
  });
  checkLayout('renderTuples', first.length, options);
  const pixels = options.height * options.width;
  const n = first.length / pixels;
  const k = sets.length;
  const interleaved = new Float32Array(first.length * k);
  for (let i = 0; i < n; i++) {
    sets.forEach((s, j) => interleaved.set(s.subarray(i * pixels, (i + 1) * pixels), (i * k + j) * pixels));
  }
  const tuplesPerRow = options.tuplesPerRow ?? Math.max(1, Math.ceil(Math.sqrt(n)));
  const gap = options.tupleGap ?? 4;
  if (!Number.isInteger(gap) || gap < 0) throw new ArgumentError('renderTuples', 'options.tupleGap', `must be a non-negative integer; got ${gap}`);
  return tile(interleaved, { ...options, cols: tuplesPerRow * k }, k, gap);
}
