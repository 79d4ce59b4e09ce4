/**
 * The threaded SIMD wasm build of `@tensorflow/tfjs-backend-wasm` in Node (Node only; loaded by
 * `initBackend` through a variable import, never by browser bundles).
 *
 * tfjs ships the build (`wasm-out/tfjs-backend-wasm-threaded-simd.{js,worker.js}` and
 * `dist/*.wasm`) but starts it only in browsers: its loader gives the pthread workers `blob:`
 * URLs, which Node's `worker_threads` cannot start. This module starts the same build through the
 * Emscripten module's public hooks and registers it as the `wasm` backend with tfjs's own
 * `BackendWasm` class, so every wasm kernel (and everything aevb does on `wasm`) is unchanged:
 *
 * 1. `locateFile` gives the workers a `data:` URL module that runs tfjs's shipped worker script
 *    (`wasmWorkerContents`) with Node's `require`, and loads the factory with `require` when the
 *    worker imports it (the factory is CommonJS and needs `module`);
 * 2. `instantiateWasm` instantiates the threaded binary itself and reports `2 × threads` logical
 *    cores to it: the build sizes its thread pool as half the logical cores (it assumes two
 *    hardware threads per core), which would give one thread on a 2-core machine;
 * 3. the pool's pthread workers are unreferenced once created, so a script that is done exits
 *    (they would otherwise keep Node's event loop alive);
 * 4. the process-wide exception handlers the factory installs are removed (see below).
 *
 * Numbers are the same as on the single-threaded build: XNNPACK splits a matrix product into
 * output tiles, each computed by the same micro-kernel in the same order.
 *
 * @module
 * @internal
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

/** The slice of tfjs's Emscripten module that this file touches. */
interface ThreadedModule {
  cwrap(name: string, ret: string | null, args: string[]): (...a: number[]) => unknown;
  PThread: { runningWorkers: { unref(): void }[]; terminateAllThreads(): void };
  tfjs?: Record<string, unknown>;
}
type Factory = (config: Record<string, unknown>) => Promise<ThreadedModule>;
interface WasmPackage {
  BackendWasm: new (module: ThreadedModule) => tf.KernelBackend;
  setThreadsCount(n: number): void;
}

/** Pthread workers the build pre-creates; its thread pool never uses more. */
export const MAX_WASM_THREADS = 8;
/** How long the workers may take to start before the threaded build is given up. */
const START_TIMEOUT_MS = 60_000;

/** One thread per core (at most {@link MAX_WASM_THREADS}). @internal */
export function defaultWasmThreads(): number {
  return Math.max(1, Math.min(MAX_WASM_THREADS, availableParallelism()));
}

let started: { threads: number; backend: Promise<void> } | undefined;

/** The thread count of the threaded build registered so far (0: none). @internal */
export function threadedWasmThreads(): number {
  return started?.threads ?? 0;
}

/**
 * Registers the threaded build as the `wasm` backend (idempotent for the same count). The
 * Emscripten module is started here, so a failure (no worker threads, no shared memory) is an
 * exception of this call and the caller can fall back to the single-threaded build.
 *
 * @internal
 */
export function registerThreadedWasm(threads: number): Promise<void> {
  if (started !== undefined) {
    if (started.threads !== threads) {
      return Promise.reject(new Error(`the threaded wasm backend already runs with ${started.threads} threads (one count per process)`));
    }
    return started.backend;
  }
  const backend = start(threads);
  started = { threads, backend };
  backend.catch(() => {
    started = undefined;
  });
  return backend;
}

async function start(threads: number): Promise<void> {
  // A running single-threaded instance holds tensors: replacing it would dispose them.
  if (tf.engine().registry['wasm'] !== undefined) throw new Error('the single-threaded wasm backend is already running in this process');
  if ((await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) !== true) throw new Error('the threaded build needs WebAssembly SIMD');
  const require = createRequire(import.meta.url);
  const pkg = require('@tensorflow/tfjs-backend-wasm') as WasmPackage;
  const root = dirname(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')));
  const factoryFile = join(root, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js');
  const workerFile = join(root, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.worker.js');
  const binary = await readFile(join(root, 'dist', 'tfjs-backend-wasm-threaded-simd.wasm'));
  const factory = require(factoryFile) as Factory;
  // The worker: tfjs's worker script (a string, with "\n" escapes to restore as tfjs does)
  // run with Node's require; importing the factory is a require of the CommonJS file.
  const worker = [
    `import { createRequire } from 'node:module';`,
    `const req = createRequire(${JSON.stringify(factoryFile)});`,
    `const code = req(${JSON.stringify(workerFile)}).wasmWorkerContents.replace(/\\n/g, '\\\\n');`,
    `new Function('require', '__filename', code)(req, ${JSON.stringify(workerFile)});`,
    `globalThis.importScripts = (f) => { globalThis.WasmBackendModuleThreadedSimd = req(f); };`,
  ].join('\n');
  const workerUrl = new URL(`data:text/javascript,${encodeURIComponent(worker)}`);
  let rejectStart: (e: unknown) => void = () => {};
  const config: Record<string, unknown> = {
    mainScriptUrlOrBlob: factoryFile,
    locateFile: (path: string) => (path.endsWith('.worker.js') ? workerUrl : join(root, 'dist', path)),
    instantiateWasm: (
      imports: { env: Record<string, unknown> },
      receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
    ) => {
      imports.env['emscripten_num_logical_cores'] = () => 2 * threads;
      WebAssembly.instantiate(binary, imports as WebAssembly.Imports).then(
        (r) => receive(r.instance, r.module),
        (e: unknown) => rejectStart(e),
      );
      return {};
    },
  };
  // The workers are unreferenced as soon as they are told to load: keep the loop alive meanwhile.
  const keepAlive = setInterval(() => {}, 1000);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const failed = new Promise<never>((_, reject) => {
    rejectStart = reject;
    timer = setTimeout(() => reject(new Error(`its workers did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
  });
  // The factory installs process-wide handlers that rethrow every uncaught exception and
  // unhandled rejection from inside its one-line minified source, so Node would print ~50 kB of
  // it with each crash. Rethrowing is Node's default anyway: the handlers are removed again.
  const events = ['uncaughtException', 'unhandledRejection'] as const;
  const before = events.map((e) => (process as NodeJS.EventEmitter).listeners(e));
  let module: ThreadedModule;
  try {
    module = await Promise.race([factory(config), failed]);
  } catch (e) {
    (config['PThread'] as ThreadedModule['PThread'] | undefined)?.terminateAllThreads();
    throw e;
  } finally {
    clearInterval(keepAlive);
    clearTimeout(timer);
    events.forEach((e, i) => {
      for (const l of (process as NodeJS.EventEmitter).listeners(e)) if (!before[i]?.includes(l)) process.removeListener(e, l as (...a: unknown[]) => void);
    });
  }
  // The bridge tfjs's own loader attaches (the same cwraps).
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  if (tf.findBackendFactory('wasm') !== null) tf.removeBackend('wasm');
  tf.registerBackend(
    'wasm',
    () => {
      pkg.setThreadsCount(threads);
      const backend = new pkg.BackendWasm(module);
      for (const w of module.PThread.runningWorkers) w.unref();
      return backend;
    },
    2,
  );
}
