/**
 * Where the built page keeps its static files (pure; shared by the build and the page).
 *
 * @module
 */

/** Files the page fetches, relative to its folder. @category Web */
export const WEB_ASSETS = {
  digitsManifest: 'data/digits.json',
  digitsBytes: 'data/digits.bin.gz',
  wasmDir: 'wasm/',
  modelsIndex: 'models/index.json',
} as const;

