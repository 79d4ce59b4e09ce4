/**
 * Thread counts of the wasm backend: the count asked for (option, `AEVB_WASM_THREADS`, else one
 * per core in Node), starting the threaded build (Node only, through a variable import of
 * ./wasm-threads-node.ts that bundlers do not follow), and the count running.
 *
 * @module
 */
import { BackendError } from '../errors.js';

/** The Node-only module of the threaded wasm build (./wasm-threads-node.ts). */
interface ThreadedWasm {
  registerThreadedWasm(threads: number): Promise<void>;
  threadedWasmThreads(): number;
  defaultWasmThreads(): number;
}

function nodeModule(): Promise<ThreadedWasm> {
  const specifier = './wasm-threads-node.js';
  // A variable specifier keeps bundlers from following the Node-only module into browser builds.
  return import(/* @vite-ignore */ specifier) as Promise<ThreadedWasm>;
}

/** Whether this runs in a browser page. @internal */
export function isBrowser(): boolean {
  return typeof window !== 'undefined' && typeof document !== 'undefined';
}

/** The first line of an error's message, at most 90 characters. @internal */
export function shortMessage(e: unknown): string {
  const msg = e instanceof Error ? (e.message.split('\n')[0] ?? e.message) : String(e);
  return msg.length > 90 ? `${msg.slice(0, 87)}...` : msg;
}

function checkThreads(n: number, where: string, raw: unknown = n): number {
  if (!Number.isInteger(n) || n < 1 || n > 8) throw new BackendError(`${where}: wasm threads must be an integer from 1 to 8, got ${String(raw)}`);
  return n;
}

/**
 * The wasm thread count asked for: `option` if given, else `AEVB_WASM_THREADS`, else one per core
 * in Node (1 in browsers, where tfjs decides by itself). Refuses counts outside 1..8, naming the
 * option or the variable.
 *
 * @internal
 */
export async function requestedWasmThreads(option: number | undefined): Promise<number> {
  if (option !== undefined) return checkThreads(option, 'initBackend({ threads })');
  const v = typeof process === 'undefined' || process.env === undefined ? undefined : process.env['AEVB_WASM_THREADS'];
  if (v !== undefined && v !== '') return checkThreads(Number(v), 'AEVB_WASM_THREADS', v);
  if (isBrowser()) return 1;
  try {
    return (await nodeModule()).defaultWasmThreads();
  } catch {
    return 1;
  }
}

/**
 * Registers the threaded build as the `wasm` backend (Node, more than one thread). Returns why it
 * could not, in which case the single-threaded build registered before stays the backend.
 *
 * @internal
 */
export async function startThreadedWasm(threads: number): Promise<string | undefined> {
  if (threads === 1 || isBrowser()) return undefined;
  try {
    await (await nodeModule()).registerThreadedWasm(threads);
    return undefined;
  } catch (e) {
    return shortMessage(e);
  }
}

/** Threads of the running wasm backend: the threaded build's count, else 1. @internal */
export async function runningWasmThreads(): Promise<number> {
  if (isBrowser()) return 1;
  try {
    return Math.max(1, (await nodeModule()).threadedWasmThreads());
  } catch {
    return 1;
  }
}
