/**
 * Backend selection: `tensorflow` (tfjs-node) where it loads, else `wasm` (SIMD; in Node the
 * threaded build on every core, falling back to one thread), else `cpu`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '../errors.js';
import { registerComparisonGradients } from '../ops/comparison-gradients.js';
import { registerSegmentSumKernel } from '../ops/segment-sum-kernel.js';
import { ensureGradients } from './gradients.js';
import { registerLeanGradients } from './lean-gradients.js';
import { installLeanTape } from './lean-tape.js';
import { isBrowser, requestedWasmThreads, runningWasmThreads, shortMessage, startThreadedWasm } from './threads.js';

/** Names of the backends aevb knows how to load. @category Backend */
export type BackendName = 'tensorflow' | 'webgl' | 'wasm' | 'cpu';

/** Order tried in Node when nothing is requested. @category Backend */
export const NODE_BACKEND_ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];
/** Order tried in a browser when nothing is requested. @category Backend */
export const BROWSER_BACKEND_ORDER: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

/** What was chosen, and why. @category Backend */
export interface BackendInfo {
  /** The backend in use. */
  readonly name: BackendName;
  /** Backends tried before it, each with the reason it was skipped. */
  readonly skipped: readonly { readonly name: BackendName; readonly reason: string }[];
  /** Whether the wasm backend runs with SIMD (false for other backends). */
  readonly simd: boolean;
  /**
   * Threads of the wasm backend's matrix kernels (XNNPACK's pool; 1 for other backends and for
   * the single-threaded build).
   */
  readonly threads: number;
  /** Why wasm runs on one thread although more were asked for (absent otherwise). */
  readonly threadsSkipped?: string;
  /** Where the choice came from. */
  readonly source: 'default' | 'env' | 'api';
}

/**
 * Loads (registers) one backend's module; resolves when `tf.setBackend(name)` may be called.
 * `threads` is the wasm thread count asked for (loaders of other backends ignore it).
 *
 * @category Backend
 */
export type BackendLoader = (options: { readonly threads: number }) => Promise<void>;

function dynamicImport(specifier: string): Promise<unknown> {
  // A variable specifier keeps bundlers from following Node-only modules into browser builds.
  return import(/* @vite-ignore */ specifier);
}

const defaultLoaders: Record<BackendName, BackendLoader> = {
  tensorflow: async () => {
    await dynamicImport('@tensorflow/tfjs-node');
  },
  webgl: async () => {
    await dynamicImport('@tensorflow/tfjs-backend-webgl');
  },
  wasm: async ({ threads }) => {
    await import('@tensorflow/tfjs-backend-wasm');
    // Where the threaded build cannot start, the single-threaded one registered above stays.
    threadsSkipped = await startThreadedWasm(threads);
  },
  cpu: async () => {
    await import('@tensorflow/tfjs-backend-cpu');
  },
};

/** Why the default wasm loader fell back to one thread in this selection (if it did). */
let threadsSkipped: string | undefined;
let current: BackendInfo | undefined;
let pending: Promise<BackendInfo> | undefined;
let reporter: (info: BackendInfo) => void = (info) => {
  const skipped = info.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  const how = info.name === 'wasm' ? ` (${info.simd ? 'SIMD, ' : ''}${info.threads} thread${info.threads === 1 ? '' : 's'})` : '';
  const why = info.threadsSkipped === undefined ? '' : ` [one thread: ${info.threadsSkipped}]`;
  const line = `aevb: backend ${info.name}${how}${why}` + (skipped ? ` [skipped ${skipped}]` : '');
  if (typeof process !== 'undefined' && process.stderr !== undefined) process.stderr.write(line + '\n');
  else console.info(line);
};

/**
 * Replaces how the chosen backend is reported (default: one line on stderr). Pass a no-op
 * to silence it.
 *
 * @category Backend
 */
export function setBackendReporter(report: (info: BackendInfo) => void): void {
  reporter = report;
}

function envBackend(): string | undefined {
  if (typeof process === 'undefined' || process.env === undefined) return undefined;
  const v = process.env['AEVB_BACKEND'];
  return v === undefined || v === '' ? undefined : v;
}

function checkName(name: string, where: string): BackendName {
  if (name === 'tensorflow' || name === 'webgl' || name === 'wasm' || name === 'cpu') return name;
  throw new BackendError(`${where}: unknown backend '${name}' (expected tensorflow, webgl, wasm or cpu)`);
}

/** Options of {@link initBackend}. @category Backend */
export interface InitBackendOptions {
  /** Backends to try, in order. Default: `AEVB_BACKEND` if set, else the platform order. */
  readonly order?: readonly BackendName[];
  /** Replace how a backend is loaded (tests use this to simulate failures). */
  readonly loaders?: Partial<Record<BackendName, BackendLoader>>;
  /** Re-select even if a backend was chosen before. */
  readonly force?: boolean;
  /**
   * Threads of the wasm backend in Node, 1 to 8 (default: `AEVB_WASM_THREADS` if set, else one
   * per core). More than one starts tfjs's threaded SIMD build; where it cannot start, wasm runs
   * on one thread and {@link BackendInfo.threadsSkipped} says why. The count is fixed for the
   * process once the threaded build runs. Browsers ignore it (tfjs uses threads there by itself
   * when the page is cross-origin isolated).
   */
  readonly threads?: number;
}

async function select(options: InitBackendOptions): Promise<BackendInfo> {
  let source: BackendInfo['source'] = 'default';
  let order: readonly BackendName[];
  if (options.order !== undefined) {
    source = 'api';
    order = options.order.map((n) => checkName(n, 'initBackend'));
  } else {
    const env = envBackend();
    if (env !== undefined) {
      source = 'env';
      order = [checkName(env, 'AEVB_BACKEND')];
    } else {
      order = isBrowser() ? BROWSER_BACKEND_ORDER : NODE_BACKEND_ORDER;
    }
  }
  const skipped: { name: BackendName; reason: string }[] = [];
  // Production mode: no debug checks and no "install tfjs-node" banner on cpu.
  tf.env().set('PROD', true);
  const threads = await requestedWasmThreads(options.threads);
  for (const name of order) {
    const load = options.loaders?.[name] ?? defaultLoaders[name];
    try {
      threadsSkipped = undefined;
      await load({ threads });
      const ok = await tf.setBackend(name);
      if (!ok) throw new Error('tf.setBackend returned false');
      await tf.ready();
      const simd = name === 'wasm' && (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
      const used = name === 'wasm' ? await runningWasmThreads() : 1;
      const why = name === 'wasm' && threadsSkipped !== undefined ? { threadsSkipped } : {};
      return { name, skipped, simd, threads: used, source, ...why };
    } catch (e) {
      skipped.push({ name, reason: shortMessage(e) });
    }
  }
  throw new BackendError(
    `no backend could be loaded: ${skipped.map((s) => `${s.name} (${s.reason})`).join(', ')}`,
  );
}

/**
 * Chooses and initializes the backend once. Called implicitly by everything in aevb that
 * runs tensors; call it yourself to choose (`order: ['cpu']`) or to learn the choice early.
 * `AEVB_BACKEND=wasm` (environment) overrides the default order; an explicit `order` wins
 * over both. In Node, wasm runs its matrix kernels on one thread per core (tfjs's threaded SIMD
 * build); `AEVB_WASM_THREADS=1` or `threads: 1` keeps it on one thread.
 *
 * @example
 * ```ts
 * import { initBackend } from '@aevb/core';
 * const info = await initBackend();
 * console.log(info.name, info.threads); // 'wasm' 2 on a 2-core machine without tfjs-node
 * ```
 * @category Backend
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  await ensureGradients();
  registerComparisonGradients();
  registerSegmentSumKernel();
  installLeanTape();
  registerLeanGradients();
  const again = options.force === true || options.order !== undefined || options.threads !== undefined;
  if (current !== undefined && !again) return current;
  if (pending !== undefined && !again) return pending;
  const p = select(options).then((info) => {
    registerLeanGradients(); // loading tfjs-node's module registers TF.js's gradients anew
    const changed = current === undefined || current.name !== info.name;
    current = info;
    if (changed) reporter(info);
    return info;
  });
  pending = p;
  try {
    return await p;
  } finally {
    if (pending === p) pending = undefined;
  }
}

/**
 * The backend chosen so far, or `undefined` before {@link initBackend} has completed.
 *
 * @category Backend
 */
export function backendInfo(): BackendInfo | undefined {
  return current;
}
