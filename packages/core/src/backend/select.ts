/**
 * Backend selection: `tensorflow` (tfjs-node) where it loads, else `wasm` (SIMD), else `cpu`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '../errors.js';
import { registerComparisonGradients } from '../ops/comparison-gradients.js';
import { registerSegmentSumKernel } from '../ops/segment-sum-kernel.js';
import { ensureGradients } from './gradients.js';

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
  /** Where the choice came from. */
  readonly source: 'default' | 'env' | 'api';
}

/** Loads (registers) one backend's module; resolves when `tf.setBackend(name)` may be called. */
export type BackendLoader = () => Promise<void>;

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
  wasm: async () => {
    await import('@tensorflow/tfjs-backend-wasm');
  },
  cpu: async () => {
    await import('@tensorflow/tfjs-backend-cpu');
  },
};

let current: BackendInfo | undefined;
let pending: Promise<BackendInfo> | undefined;
let reporter: (info: BackendInfo) => void = (info) => {
  const skipped = info.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  const line = `aevb: backend ${info.name}${info.simd ? ' (SIMD)' : ''}` + (skipped ? ` [skipped ${skipped}]` : '');
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

function isBrowser(): boolean {
  return typeof window !== 'undefined' && typeof document !== 'undefined';
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
  for (const name of order) {
    const load = options.loaders?.[name] ?? defaultLoaders[name];
    try {
      await load();
      const ok = await tf.setBackend(name);
      if (!ok) throw new Error('tf.setBackend returned false');
      await tf.ready();
      const simd = name === 'wasm' && tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
      return { name, skipped, simd, source };
    } catch (e) {
      const msg = e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e);
      skipped.push({ name, reason: msg.length > 90 ? `${msg.slice(0, 87)}...` : msg });
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
 * over both.
 *
 * @example
 * ```ts
 * import { initBackend } from '@aevb/core';
 * const info = await initBackend();
 * console.log(info.name); // 'wasm' on a machine without tfjs-node
 * ```
 * @category Backend
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  await ensureGradients();
  registerComparisonGradients();
  registerSegmentSumKernel();
  if (current !== undefined && options.force !== true && options.order === undefined) return current;
  if (pending !== undefined && options.force !== true && options.order === undefined) return pending;
  const p = select(options).then((info) => {
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
