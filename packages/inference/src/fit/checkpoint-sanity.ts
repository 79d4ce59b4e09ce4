/**
 * Whether a checkpoint is a valid rollback point: the fit writes only those, so the newest
 * checkpoint of a folder is always a state that training can continue from (with a lower
 * learning rate if it diverged afterwards).
 *
 * @module
 */
import type { CheckpointData } from './checkpoint-format.js';

/**
 * Why `data` is not a rollback point, or undefined when it is. A rollback point has
 *
 * ```text
 * every parameter and optimizer-state value finite,
 * its last step accepted (no run of rejected, non-finite steps in progress),
 * the bounds of the epoch it closes (training and validation) finite.
 * ```
 *
 * The fit also evaluates the bound at the checkpoint's parameters on one minibatch before
 * writing it (the recorded step bounds were taken before each update).
 *
 * @example
 * ```ts
 * import { rollbackProblem } from '@aevb/inference';
 * const problem = rollbackProblem(data);
 * if (problem !== undefined) console.log(`not saved: ${problem}`);
 * ```
 * @category Checkpoints
 */
export function rollbackProblem(data: CheckpointData): string | undefined {
  const h = data.header;
  const bad = data.float32.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    const p = h.params.find((r) => bad >= r.offset && bad < r.offset + r.shape.reduce((a, b) => a * b, 1));
    return p !== undefined ? `parameter '${p.name}' holds a non-finite value` : 'the optimizer state holds a non-finite value';
  }
  if (h.steps.consecutiveRejected > 0) return `its last ${h.steps.consecutiveRejected} step(s) were rejected as non-finite`;
  const last = h.progress.epochs[h.progress.epochs.length - 1];
  if (last !== undefined && h.progress.batch === 0 && last.epoch === h.progress.epoch - 1) {
    if (!Number.isFinite(last.trainElbo)) return `the training bound of epoch ${last.epoch + 1} is ${last.trainElbo}`;
    if (last.validationElbo !== undefined && !Number.isFinite(last.validationElbo)) return `the validation bound of epoch ${last.epoch + 1} is ${last.validationElbo}`;
  }
  return undefined;
}
