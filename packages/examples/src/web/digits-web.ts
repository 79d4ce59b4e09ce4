/**
 * Fetching the packed digits in the page and splitting them exactly as the Node examples do.
 *
 * @module
 */
import { PersistenceError } from '@aevb/core';
import type { LabeledImageSet, Split } from '../data/image-set.js';
import { splitPerDigit } from '../data/mnist-split.js';
import { WEB_ASSETS } from './asset-paths.js';
import { parseDigitsManifest, unpackDigits } from './digits-pack.js';

/**
 * `fetch` that fails with a PersistenceError naming the URL on network errors and non-2xx statuses.
 *
 * @category Web
 */
export async function fetchOk(url: string): Promise<Response> {
  let r: Response;
  try {
    r = await fetch(url);
  } catch (e) {
    throw new PersistenceError(`${url}: cannot be fetched (${(e as Error).message})`);
  }
  if (!r.ok) throw new PersistenceError(`${url}: HTTP ${r.status} ${r.statusText}`);
  return r;
}

/** Gunzips bytes with the browser's (or Node's) `DecompressionStream`. */
async function gunzip(bytes: ArrayBuffer): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Loads the embedded MNIST digits shipped with the page (`data/digits.json` and
 * `data/digits.bin.gz` under `base`) and returns the canonical 7,996 / 2,004 split.
 *
 * @throws PersistenceError naming the URL when a file is missing or malformed
 * @category Web
 */
export async function loadPageDigits(base: string): Promise<Split<LabeledImageSet>> {
  const manifestUrl = new URL(WEB_ASSETS.digitsManifest, base).href;
  const bytesUrl = new URL(WEB_ASSETS.digitsBytes, base).href;
  const [mr, br] = await Promise.all([fetchOk(manifestUrl), fetchOk(bytesUrl)]);
  const manifest = parseDigitsManifest(await mr.json(), manifestUrl);
  let bytes: Uint8Array;
  try {
    bytes = await gunzip(await br.arrayBuffer());
  } catch (e) {
    throw new PersistenceError(`${bytesUrl}: is not valid gzip data (${(e as Error).message})`);
  }
  return splitPerDigit(unpackDigits({ manifest, bytes }, bytesUrl));
}
