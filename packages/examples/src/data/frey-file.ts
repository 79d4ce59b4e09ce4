/**
 * Loading `frey_rawface.mat` (Node only).
 *
 * @module
 */
import { inflateSync } from 'node:zlib';
import type { ImageSet, Split } from './image-set.js';
import { splitImageSet } from './image-set.js';
import { readMaybeGzipped } from './idx-file.js';
import { parseMatUint8 } from './mat-v5.js';
import { freyFromMat } from './frey.js';

/**
 * Loads the Frey Face data (variable `ff` of `frey_rawface.mat`: 1965 faces of 28 x 20 uint8 pixels,
 * scaled into [0, 1]) and splits it in file order like MNIST: the first floor(80%) faces are
 * training data, the rest test data (1572 + 393). Compressed (-v7) MAT files are inflated.
 *
 * @param file - the path of `frey_rawface.mat`
 * @param trainFraction - the training fraction (default 0.8)
 * @throws PersistenceError when the file is missing, empty, truncated, not a level-5 MAT file, or
 *   its `ff` variable is not a 560-row uint8 matrix
 * @category Data
 */
export function loadFreyFaces(file: string, trainFraction = 0.8): Split<ImageSet> {
  const bytes = readMaybeGzipped(file, 'loadFreyFaces');
  const matrix = parseMatUint8(bytes, file, { name: 'ff', inflate: (b) => inflateSync(b) });
  return splitImageSet(freyFromMat(matrix, file), trainFraction);
}
