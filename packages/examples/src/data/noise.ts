/**
 * Corrupting images for the denoising demonstration (pure).
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';
import { mixSeed } from '@aevb/core/internal';

const TWO_POW_31 = 2 ** 31;

/**
 * Salt-and-pepper noise: each value is, independently with probability `fraction`, replaced by 0
 * or 1 (equally likely); the rest are kept. The draws for index i depend only on `(seed, i)`.
 *
 * @param values - grey values in [0, 1]
 * @param fraction - the probability that a pixel is replaced, in [0, 1]
 * @param seed - an integer seed
 * @category Data
 */
export function saltAndPepper(values: Float32Array, fraction: number, seed: number): Float32Array {
  if (!(fraction >= 0 && fraction <= 1)) throw new ArgumentError('saltAndPepper', 'fraction', `must be in [0, 1]; got ${fraction}`);
  if (!Number.isInteger(seed)) throw new ArgumentError('saltAndPepper', 'seed', `must be an integer; got ${seed}`);
  const out = new Float32Array(values.length);
  const flipSeed = mixSeed(seed, 0x5a17);
  for (let i = 0; i < values.length; i++) {
    const hit = mixSeed(seed, i) / TWO_POW_31 < fraction;
    out[i] = hit ? (mixSeed(flipSeed, i) & 1) : (values[i] ?? 0);
  }
  return out;
}

/**
 * Masks a block: sets the rows `[top, top + rows)` of every `height x width` image to 0 (an
 * occlusion to be filled in).
 *
 * @param values - n images of `height * width` values
 * @throws ArgumentError when the block lies outside the image or `values` is not whole images
 * @category Data
 */
export function maskRows(values: Float32Array, height: number, width: number, top: number, rows: number): Float32Array {
  if (values.length % (height * width) !== 0) {
    throw new ArgumentError('maskRows', 'values', `must hold a multiple of ${height}x${width} values; got ${values.length}`);
  }
  if (!Number.isInteger(top) || !Number.isInteger(rows) || top < 0 || rows < 0 || top + rows > height) {
    throw new ArgumentError('maskRows', 'top/rows', `must select rows inside [0, ${height}); got top ${top}, rows ${rows}`);
  }
  const out = Float32Array.from(values);
  for (let i = 0; i < values.length / (height * width); i++) {
    out.fill(0, (i * height + top) * width, (i * height + top + rows) * width);
  }
  return out;
}
