/**
 * PNG encoding and writing with pngjs, and writing SVG text (Node only).
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PNG } from 'pngjs';
import { ArgumentError, PersistenceError } from '@aevb/core';
import type { RgbaImage } from './image-grid.js';

/**
 * Encodes an RGBA picture as PNG bytes.
 *
 * @throws ArgumentError when `data` does not hold width * height * 4 bytes
 * @category Output
 */
export function encodePng(image: RgbaImage): Uint8Array {
  const { width, height, data } = image;
  if (data.length !== width * height * 4) {
    throw new ArgumentError('encodePng', 'image.data', `must hold ${width} x ${height} x 4 = ${width * height * 4} bytes; got ${data.length}`);
  }
  const png = new PNG({ width, height });
  png.data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return PNG.sync.write(png);
}

function writeBytes(fn: string, file: string, content: Uint8Array | string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  } catch (e) {
    throw new PersistenceError(`${fn}: cannot write '${file}' (${String(e)})`);
  }
}

/**
 * Writes an RGBA picture as a PNG file, creating the directory.
 *
 * @throws PersistenceError when the file cannot be written
 * @category Output
 */
export function writePng(file: string, image: RgbaImage): void {
  writeBytes('writePng', file, encodePng(image));
}

/**
 * Writes SVG text (from {@link linePlot}, {@link scatterPlot}, …) to a file, creating the directory.
 *
 * @throws PersistenceError when the file cannot be written
 * @category Output
 */
export function writeSvg(file: string, svg: string): void {
  writeBytes('writeSvg', file, svg);
}
