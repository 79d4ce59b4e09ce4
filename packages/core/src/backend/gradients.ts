/**
 * Gradient registration. tfjs-core's own entry registers no gradient functions: bundlers
 * reach them through `register_all_gradients`, and Node through the `@tensorflow/tfjs`
 * bundle (whose modules Node can load).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from '../errors.js';

function dynamicImport(specifier: string): Promise<unknown> {
  return import(/* @vite-ignore */ specifier);
}

let done: Promise<void> | undefined;

/**
 * Makes sure TF.js's gradient functions are registered (idempotent). Called by
 * `initBackend`; training without it fails with "gradient function not found".
 *
 * @category Backend
 */
export function ensureGradients(): Promise<void> {
  done ??= (async () => {
    if (tf.getGradient('RealDiv') !== undefined) return;
    try {
      // Bundlers (browser builds) resolve this file's extensionless imports.
      await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
    } catch {
      // Node: the union package's CommonJS bundle registers them on the same engine.
      await dynamicImport('@tensorflow/tfjs');
    }
    if (tf.getGradient('RealDiv') === undefined) {
      throw new BackendError('TF.js gradient functions could not be registered (is @tensorflow/tfjs installed?)');
    }
  })();
  return done;
}
