/**
 * Sizes checked before any work: a configuration is refused, naming the flag, when its
 * minibatch exceeds the data or its model, data and activations would not fit in memory (instead
 * of a `RangeError: Invalid typed array length` a minute later).
 *
 * @module
 */
import { totalmem } from 'node:os';
import { ArgumentError } from '@aevb/core';
import type { VaeRunConfig } from './config.js';

/** The largest tensor any backend here allocates safely (elements of one typed array). @category VAE */
export const MAX_TENSOR_ELEMENTS = 2 ** 31 - 1;

/** The wasm backend's heap limit (4 GiB): no run on wasm may need more. @category VAE */
export const WASM_HEAP_BYTES = 4 * 2 ** 30;

/**
 * The memory budget of one job in bytes: half the machine's memory, and at most the wasm heap on
 * the wasm backend.
 *
 * @example
 * ```ts
 * import { memoryBudget } from '@aevb/examples';
 * console.log(memoryBudget('wasm') <= 4 * 2 ** 30); // true
 * ```
 * @category VAE
 */
export function memoryBudget(backend: string, machineBytes = totalmem()): number {
  return Math.min(machineBytes / 2, backend === 'wasm' ? WASM_HEAP_BYTES : Infinity);
}

const gb = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(bytes < 2 ** 30 ? 2 : 1)} GB`;

/**
 * Refuses, naming the flag, a run whose sizes cannot work: `--batch` above the training
 * examples, no test example, or an estimate of its memory above `budget` bytes. The estimate:
 *
 * ```text
 * P = parameters of encoder (D·H + H + 2·H·Z + 2Z) and decoder (Z·H + H + H·D + 2D)
 * memory ≈ 4 bytes · ( P · (4 + optimizer slots)                    values, gradients, updates
 *                    + 2 · (N_train + N_test) · D                    data as arrays and tensors
 *                    + 6 · max(M·L, 500, 100·min(50, K)) · (H + D) ) activations of the largest pass
 * ```
 *
 * @category VAE
 */
export function checkVaeSizes(cfg: VaeRunConfig, data: { readonly dataDim: number; readonly train: number; readonly test: number; readonly source: string }, budget: number): void {
  if (cfg.batch > data.train) throw new ArgumentError('vae', '--batch', `${cfg.batch} is larger than the training data (${data.train} examples of ${data.source})`);
  if (data.test < 1) throw new ArgumentError('vae', cfg.frey !== undefined ? '--frey' : '--data', `holds no test examples (${data.source})`);
  const d = data.dataDim;
  const h = cfg.hidden;
  const z = cfg.latent;
  const largestWeight = Math.max(d * h, z * h);
  if (largestWeight > MAX_TENSOR_ELEMENTS) {
    throw new ArgumentError('vae', '--hidden', `${h} makes a ${d}×${h} weight matrix (${largestWeight.toExponential(2)} values), more than one tensor can hold (${MAX_TENSOR_ELEMENTS})`);
  }
  const params = d * h + h + 2 * h * z + 2 * z + z * h + h + h * d + 2 * d;
  const slots = cfg.optimizer === 'adam' ? 2 : 1;
  const rows = Math.max(cfg.batch * cfg.particles, 500, 100 * Math.min(50, cfg.llSamples));
  const parts = { model: 4 * params * (4 + slots), data: 8 * (data.train + data.test) * d, activations: 24 * rows * (h + d) };
  const total = parts.model + parts.data + parts.activations;
  if (total > budget) {
    const biggest = (Object.entries(parts) as [keyof typeof parts, number][]).sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'model';
    const flag = biggest === 'data' ? (cfg.train !== undefined ? '--train' : cfg.frey !== undefined ? '--frey' : '--data') : biggest === 'activations' && rows === cfg.batch * cfg.particles ? '--batch' : '--hidden';
    throw new ArgumentError(
      'vae',
      flag,
      `makes the run need about ${gb(total)} (model ${gb(parts.model)}, data ${gb(parts.data)}, activations ${gb(parts.activations)}); ` +
        `the budget is ${gb(budget)} (half of this machine's memory${budget === WASM_HEAP_BYTES ? ', capped by the wasm heap' : ''})`,
    );
  }
}
