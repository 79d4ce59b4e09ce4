/**
 * Data for the examples: the embedded MNIST digits with their canonical split, the full MNIST from
 * IDX files, the Frey Face data, dynamic binarization and tensor helpers.
 *
 * @module
 */
export { sliceImageSet, splitImageSet } from './image-set.js';
export type { ImageSet, LabeledImageSet, Split } from './image-set.js';
export { MNIST_SIDE, MNIST_TRAIN_FRACTION, splitPerDigit } from './mnist-split.js';
export { embeddedMnistDir, loadEmbeddedMnist } from './mnist-embedded.js';
export { parseIdx, encodeIdx } from './idx.js';
export type { IdxArray, IdxDType } from './idx.js';
export { readIdxFile, writeIdxFile, readMaybeGzipped } from './idx-file.js';
export { labeledSetFromIdx } from './mnist-idx.js';
export { MNIST_IDX_FILES, loadMnistIdx } from './mnist-idx-file.js';
export { FULL_MNIST_SIZES, fullMnistDir, loadFullMnist } from './mnist-full.js';
export { parseMatUint8 } from './mat-v5.js';
export { encodeMatUint8 } from './mat-v5-write.js';
export type { MatUint8Matrix, ParseMatOptions } from './mat-v5.js';
export { FREY_HEIGHT, FREY_WIDTH, FREY_COUNT, freyFromMat } from './frey.js';
export { loadFreyFaces } from './frey-file.js';
export { binarize, binarizeTensor, shuffledBatches } from './binarize.js';
export { imagesTensor, labelsTensor, batchTensor } from './tensors.js';
export { saltAndPepper, maskRows } from './noise.js';
