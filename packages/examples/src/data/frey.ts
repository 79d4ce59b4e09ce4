/**
 * The Frey Face data set from its MAT matrix (pure).
 *
 * @module
 */
import { PersistenceError } from '@aevb/core';
import type { ImageSet } from './image-set.js';
import type { MatUint8Matrix } from './mat-v5.js';

/** Frey faces are 28 rows by 20 columns. @category Data */
export const FREY_HEIGHT = 28;
/** Frey faces are 28 rows by 20 columns. @category Data */
export const FREY_WIDTH = 20;
/** The number of faces in `frey_rawface.mat`. @category Data */
export const FREY_COUNT = 1965;

/**
 * Converts the `ff` matrix of `frey_rawface.mat` (uint8, 560 x 1965: one face per column) into an
 * image set of 28 x 20 faces with grey values scaled by 1/255 into [0, 1]. Column j is face j; its
 * 560 entries are the face's pixels row by row (entry r * 20 + c is row r, column c).
 *
 * @param matrix - the matrix read by {@link parseMatUint8}
 * @param file - the file name, for error messages
 * @throws PersistenceError when the matrix does not have 560 rows
 * @category Data
 */
export function freyFromMat(matrix: MatUint8Matrix, file: string): ImageSet {
  const pixels = FREY_HEIGHT * FREY_WIDTH;
  if (matrix.rows !== pixels || matrix.cols === 0) {
    throw new PersistenceError(
      `freyFromMat: variable '${matrix.name}' of '${file}' is ${matrix.rows}x${matrix.cols}; expected ${pixels} rows (28x20 faces) and at least one column (${FREY_COUNT} in frey_rawface.mat)`,
    );
  }
  const images = new Float32Array(matrix.data.length);
  for (let i = 0; i < images.length; i++) images[i] = (matrix.data[i] ?? 0) / 255;
  return { images, n: matrix.cols, height: FREY_HEIGHT, width: FREY_WIDTH };
}
