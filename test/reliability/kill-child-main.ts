// The child process of kill.test.ts: trains a VAE with a wide hidden layer (so each checkpoint
// takes a while to write) and saves a checkpoint after every step, until it is killed.
import { initBackend, setBackendReporter } from '@aevb/core';
import { Adam, fit } from '@aevb/inference';
import { binaryData, tinySvi } from './fixtures.js';

export const HIDDEN = 8_000;

export async function main(args: string[]): Promise<void> {
  setBackendReporter(() => {});
  await initBackend();
  const dir = args[0] as string;
  await fit(wideSvi(), { ...wideOptions(dir), resume: true });
}

/** The child's SVI (a wide hidden layer: checkpoints of about 2 MB). */
export function wideSvi() {
  return tinySvi({ hidden: HIDDEN, optimizer: new Adam({ learningRate: 1e-4 }) });
}

/** The child's fit options: a checkpoint after every step into `dir`. */
export function wideOptions(dir?: string) {
  const base = { data: binaryData(64), batchSize: 16, epochs: 1000 };
  return dir === undefined ? base : { ...base, checkpoint: { dir, everySteps: 1 } };
}
