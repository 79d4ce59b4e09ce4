/**
 * The backend of first use: registering the cpu backend when `@aevb/core` is imported, so that a
 * tensor made before `initBackend()` has somewhere to live (TF.js otherwise throws "No backend
 * found in registry"). `initBackend()`, which every aevb entry point awaits, then chooses the
 * fast backend (tfjs-node, wasm) and TF.js moves existing tensors to it when they are next used.
 * Production mode (as `initBackend` sets it) keeps the cpu backend from printing its
 * "install tfjs-node" banner on that first use.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

tf.env().set('PROD', true);
