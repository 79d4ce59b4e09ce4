/**
 * Building the page (Node): the Vite configuration and the whole static build.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig } from 'vite';
import { nodeOnlyGuard } from './node-only-guard.js';
import { buildIntoPageFolder, inspectPageFolder } from './page-folder.js';
import { checkModelFolders, exportModels, writeDigitAssets, writeWasmAssets } from './web-assets.js';

/** The folder holding `index.html` and the page's sources (works from `src/` and `dist/`). @category Web */
export function pageSourceDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return existsSync(join(here, 'index.html')) ? here : resolve(here, '../../src/web');
}

/**
 * The Vite configuration of the page: sources from {@link pageSourceDir}, the four packages
 * bundled from their sources with {@link nodeOnlyGuard}, relative URLs (`base: './'`) so the output works from any folder
 * of any static host.
 *
 * @category Web
 */
export function demoViteConfig(outDir: string): InlineConfig {
  const root = pageSourceDir();
  const pkg = (name: string, file = 'index.ts'): string => resolve(root, `../../../${name}/src/${file}`);
  return {
    root,
    base: './',
    configFile: false,
    logLevel: 'warn',
    plugins: [nodeOnlyGuard()],
    resolve: {
      alias: [
        // Every browser-side entry point from its sources (one copy of each module: an entry
        // resolved to dist next to the others from src would duplicate core's state).
        { find: /^@aevb\/core$/, replacement: pkg('core') },
        { find: /^@aevb\/core\/nn$/, replacement: pkg('core', 'nn/index.ts') },
        { find: /^@aevb\/core\/ops$/, replacement: pkg('core', 'ops/index.ts') },
        { find: /^@aevb\/core\/internal$/, replacement: pkg('core', 'internal.ts') },
        { find: /^@aevb\/distributions$/, replacement: pkg('distributions') },
        { find: /^@aevb\/distributions\/special$/, replacement: pkg('distributions', 'special.ts') },
        { find: /^@aevb\/inference$/, replacement: pkg('inference') },
      ],
    },
    build: {
      outDir: resolve(outDir),
      // Vite builds into a fresh staging folder (see page-folder.ts); it never empties a folder.
      emptyOutDir: false,
      target: 'es2022',
      // The TF.js kernels make one large chunk; that is expected.
      chunkSizeWarningLimit: 6000,
      reportCompressedSize: false,
    },
  };
}

/** What {@link buildPage} wrote. @category Web */
export interface PageBuild {
  /** The output folder (absolute). */
  readonly dir: string;
  /** Names of the exported models. */
  readonly models: readonly string[];
  /** Size of the compressed digits, bytes. */
  readonly digitsBytes: number;
}

/**
 * Builds the page into `outDir`: the Vite bundle, the packed digits, the wasm binaries and the
 * exported models (folders saved by `pnpm vae`). `outDir` must be missing, empty or a previous
 * page build (see `page-folder.ts`): files aevb did not write are never deleted. `what` names
 * the caller in errors (e.g. `demo --build`).
 *
 * @example
 * ```ts
 * // packages/examples/src/web/build-page.ts (Node)
 * const b = await buildPage('out/web', ['out/vae/model']);
 * console.log(b.dir, b.models);
 * ```
 * @category Web
 */
export async function buildPage(outDir: string, modelDirs: readonly string[] = [], what = 'buildPage'): Promise<PageBuild> {
  const state = inspectPageFolder(outDir, what);
  checkModelFolders(modelDirs);
  let digitsBytes = 0;
  let models: string[] = [];
  await buildIntoPageFolder(state, what, async (staging) => {
    await build(demoViteConfig(staging));
    digitsBytes = writeDigitAssets(staging);
    writeWasmAssets(staging);
    models = exportModels(staging, modelDirs);
  });
  return { dir: state.dir, models, digitsBytes };
}
