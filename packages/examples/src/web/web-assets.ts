/**
 * The static files the page needs besides its bundle (Node, build time): the packed digits, the
 * wasm backend's binaries and, optionally, models saved by `pnpm vae`.
 *
 * @module
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PersistenceError } from '@aevb/core';
import { embeddedMnistDir } from '../data/mnist-embedded.js';
import { WEB_ASSETS } from './asset-paths.js';
import { packDigits } from './digits-pack.js';

/** The three files of a saved model that the page reads. @category Web */
export const SAVED_MODEL_FILES = ['config.json', 'params.json', 'params.bin'] as const;

function readDigits(dir: string): number[][] {
  return Array.from({ length: 10 }, (_, d) => {
    const file = join(dir, `${d}.json`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new PersistenceError(`web assets: cannot read digit file '${file}' (${(e as Error).message})`);
    }
    const data = (parsed as { data?: unknown }).data;
    if (!Array.isArray(data)) throw new PersistenceError(`web assets: digit file '${file}' lacks a 'data' array`);
    return data as number[];
  });
}

/**
 * Writes `data/digits.json` and `data/digits.bin.gz` (the embedded MNIST digits, one byte
 * per pixel, gzip) into `outDir`. Returns the compressed size in bytes.
 *
 * @category Web
 */
export function writeDigitAssets(outDir: string, digitsDir: string = embeddedMnistDir()): number {
  const packed = packDigits(readDigits(digitsDir));
  mkdirSync(dirname(join(outDir, WEB_ASSETS.digitsManifest)), { recursive: true });
  writeFileSync(join(outDir, WEB_ASSETS.digitsManifest), JSON.stringify(packed.manifest));
  const gz = gzipSync(packed.bytes, { level: 9 });
  writeFileSync(join(outDir, WEB_ASSETS.digitsBytes), gz);
  return gz.byteLength;
}

/**
 * Copies the wasm backend's `.wasm` files into `outDir/wasm/` (the page points
 * `setWasmPaths` there). Returns the file names.
 *
 * @category Web
 */
export function writeWasmAssets(outDir: string): string[] {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  const dist = join(dirname(pkg), 'dist');
  const target = join(outDir, WEB_ASSETS.wasmDir);
  mkdirSync(target, { recursive: true });
  const names = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];
  for (const n of names) copyFileSync(join(dist, n), join(target, n));
  return names;
}

/**
 * Checks that every folder is a model saved by `pnpm vae` (holds the three files the page reads).
 *
 * @example
 * ```ts
 * // packages/examples/src/web/web-assets.ts (Node)
 * checkModelFolders(['out/vae/model']); // throws naming a folder that is not a saved model
 * ```
 * @throws PersistenceError naming the folder and the missing file
 * @category Web
 */
export function checkModelFolders(modelDirs: readonly string[]): void {
  for (const dir of modelDirs) {
    for (const f of SAVED_MODEL_FILES) {
      if (!existsSync(join(resolve(dir), f))) {
        throw new PersistenceError(`demo --model: '${dir}' is not a saved VAE folder (no ${f}); pass the 'model' folder written by pnpm vae`);
      }
    }
  }
}

/**
 * Exports saved models (folders written by `pnpm vae`, i.e. `out/vae/model`) for the page:
 * copies each one's `config.json`, `params.json` and `params.bin` to `outDir/models/<name>/`
 * and lists them in `models/index.json` (`{"models": [{"name", "path"}]}`). The name is the
 * folder's name, or its parent's when the folder is called `model`.
 *
 * @throws PersistenceError when a folder lacks one of the three files
 * @category Web
 */
export function exportModels(outDir: string, modelDirs: readonly string[]): string[] {
  checkModelFolders(modelDirs);
  const names: string[] = [];
  for (const dir of modelDirs) {
    const abs = resolve(dir);
    let name = basename(abs) === 'model' ? basename(dirname(abs)) : basename(abs);
    while (names.includes(name)) name += '-2';
    const target = join(outDir, 'models', name);
    mkdirSync(target, { recursive: true });
    for (const f of SAVED_MODEL_FILES) copyFileSync(join(abs, f), join(target, f));
    names.push(name);
  }
  mkdirSync(join(outDir, 'models'), { recursive: true });
  writeFileSync(join(outDir, WEB_ASSETS.modelsIndex), JSON.stringify({ models: names.map((n) => ({ name: n, path: `models/${n}/` })) }, null, 1));
  return names;
}
