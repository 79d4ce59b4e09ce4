/**
 * The folder a page build goes into, without ever deleting a file aevb did not write. A build
 * is made in a staging folder beside the target and moved in; the target must be missing,
 * empty, or a previous page build, which `.aevb-page.json` describes (the list of files it
 * wrote). Only those files are replaced; a file someone added is kept, and a new file that would
 * overwrite one is refused before anything changes.
 *
 * @module
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { PersistenceError } from '@aevb/core';

/** The file in a page build that lists the files the build wrote. @category Web */
export const PAGE_MARKER = '.aevb-page.json';

/** What a target folder holds: nothing yet, or the files of a previous build. @category Web */
export interface PageFolderState {
  /** The folder (absolute). */
  readonly dir: string;
  /** Whether it exists. */
  readonly exists: boolean;
  /** Files of a previous build (relative, `/`-separated), to be replaced. */
  readonly previous: readonly string[];
}

/** Every file under `dir`, relative and `/`-separated. */
export function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix === '' ? e.name : `${prefix}/${e.name}`;
    if (e.isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out;
}

/** Files of a page built before the marker existed: exactly this layout, and our page's title. */
const LEGACY = [/^index\.html$/, /^assets\/[\w.-]+\.(js|css)$/, /^data\/digits\.(json|bin\.gz)$/, /^wasm\/tfjs-backend-wasm[\w-]*\.wasm$/, /^models\/index\.json$/, /^models\/[^/]+\/(config\.json|params\.json|params\.bin)$/];

function previousBuild(dir: string, files: readonly string[]): string[] | undefined {
  const marker = join(dir, PAGE_MARKER);
  if (existsSync(marker)) {
    try {
      const m = JSON.parse(readFileSync(marker, 'utf8')) as { format?: unknown; files?: unknown };
      if (m.format === 'aevb-page' && Array.isArray(m.files) && m.files.every((f) => typeof f === 'string' && !f.startsWith('/') && !f.split('/').includes('..'))) {
        return [...(m.files as string[]), PAGE_MARKER];
      }
    } catch {
      // not a valid marker: treated as a foreign file
    }
    return undefined;
  }
  const legacy = files.every((f) => LEGACY.some((r) => r.test(f))) && files.includes('index.html') && readFileSync(join(dir, 'index.html'), 'utf8').includes('<title>aevb · the MNIST VAE');
  return legacy ? [...files] : undefined;
}

/**
 * Checks that `outDir` may receive a page build: missing, an empty folder, or a previous build.
 * `what` names the flag in errors (e.g. `demo --build`).
 *
 * @example
 * ```ts
 * // packages/examples/src/web/page-folder.ts (Node)
 * const state = inspectPageFolder('out/web', 'demo --out');
 * console.log(state.previous.length); // files of the previous build, replaced by the next one
 * ```
 * @throws PersistenceError naming the folder when it is a file, or holds files that are not a previous build's
 * @category Web
 */
export function inspectPageFolder(outDir: string, what: string): PageFolderState {
  const dir = resolve(outDir);
  if (!existsSync(dir)) return { dir, exists: false, previous: [] };
  if (!statSync(dir).isDirectory()) throw new PersistenceError(`${what}: '${outDir}' is a file, not a folder`);
  const files = listFiles(dir);
  if (files.length === 0) return { dir, exists: true, previous: [] };
  const previous = previousBuild(dir, files);
  if (previous === undefined) {
    const shown = files.slice(0, 3).join(', ') + (files.length > 3 ? `, … (${files.length} files)` : '');
    throw new PersistenceError(
      `${what}: '${outDir}' is not empty (${shown}) and is not a page built by pnpm demo; aevb never deletes files it did not write. Choose a new or empty folder`,
    );
  }
  return { dir, exists: true, previous: previous.filter((f) => existsSync(join(dir, f))) };
}

/**
 * Builds into a fresh staging folder beside `state.dir` with `build`, then moves the result in:
 * the previous build's files are replaced, any other file is kept (a new file that would
 * overwrite one is refused before anything changes), and `.aevb-page.json` lists what was
 * written. The staging folder is removed in every case.
 *
 * @category Web
 */
export async function buildIntoPageFolder(state: PageFolderState, what: string, build: (staging: string) => Promise<void>): Promise<void> {
  mkdirSync(dirname(state.dir), { recursive: true });
  const staging = mkdtempSync(join(dirname(state.dir), `.${basename(state.dir)}.aevb-staging-`));
  try {
    await build(staging);
    const files = listFiles(staging).filter((f) => f !== PAGE_MARKER);
    writeFileSync(join(staging, PAGE_MARKER), JSON.stringify({ format: 'aevb-page', version: 1, files }, null, 1));
    if (!state.exists) {
      renameSync(staging, state.dir);
      return;
    }
    const ours = new Set(state.previous);
    const clash = files.find((f) => !ours.has(f) && existsSync(join(state.dir, f)));
    if (clash !== undefined) throw new PersistenceError(`${what}: the new build would overwrite '${join(state.dir, clash)}', which the previous build did not write; nothing was changed`);
    for (const f of state.previous) rmSync(join(state.dir, f), { force: true });
    removeEmptyFolders(state.dir, state.previous);
    for (const f of [...files, PAGE_MARKER]) {
      mkdirSync(dirname(join(state.dir, f)), { recursive: true });
      renameSync(join(staging, f), join(state.dir, f));
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Removes the folders of `files` under `dir` that are now empty, deepest first (never `dir`). */
function removeEmptyFolders(dir: string, files: readonly string[]): void {
  const folders = new Set<string>();
  for (const f of files) for (let d = dirname(f); d !== '.' && d !== ''; d = dirname(d)) folders.add(d);
  for (const d of [...folders].sort((a, b) => b.split('/').length - a.split('/').length)) {
    const abs = join(dir, d);
    if (relative(dir, abs).startsWith(`..${sep}`)) continue;
    try {
      if (readdirSync(abs).length === 0) rmdirSync(abs);
    } catch {
      // already gone
    }
  }
}
