/**
 * Backend selection in the page: core's `initBackend` with the browser order
 * (webgl → wasm → cpu; without webgl when WebGL renders in software, see backend-order.ts),
 * given loaders that the bundler can follow and the wasm binaries' URL.
 *
 * @module
 */
// TF.js 4's ESM entry (what bundlers use) registers no gradients; '@tensorflow/tfjs' does, and
// in Node core's attempt to load tfjs-node happens to import it. The page registers them itself.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { ArgumentError, initBackend, type BackendInfo, type BackendName } from '@aevb/core';
import { autoBackendOrder, isSoftwareRenderer } from './backend-order.js';

/**
 * Chooses the backend: `requested` (`'webgl'`, `'wasm'` or `'cpu'`, e.g. from `?backend=`) alone,
 * or, when it is `null`/`'auto'`, core's browser order without webgl if the page's WebGL renderer
 * is a software one (then listed first in `skipped`, with the renderer's name). `wasmBase` is the
 * folder URL holding the wasm backend's `.wasm` files.
 *
 * @throws ArgumentError for an unknown backend name; BackendError when none loads
 * @category Web
 */
export async function initPageBackend(requested: string | null, wasmBase: string): Promise<BackendInfo> {
  let order: readonly BackendName[];
  let renderer: string | undefined;
  if (requested !== null && requested !== '' && requested !== 'auto') {
    if (requested !== 'webgl' && requested !== 'wasm' && requested !== 'cpu') {
      throw new ArgumentError('initPageBackend', 'backend', `must be auto, webgl, wasm or cpu; got '${requested}'`);
    }
    order = [requested];
  } else {
    renderer = webglRenderer();
    order = autoBackendOrder(renderer);
  }
  const info = await initBackend({
    order,
    loaders: {
      // Literal specifiers: the bundler includes these modules (core's own loader hides webgl from
      // bundlers); core's cpu loader already uses a literal one.
      webgl: async () => {
        await import('@tensorflow/tfjs-backend-webgl');
      },
      wasm: async () => {
        const wasm = await import('@tensorflow/tfjs-backend-wasm');
        wasm.setWasmPaths(wasmBase);
      },
    },
  });
  if (!isSoftwareRenderer(renderer)) return info;
  return { ...info, skipped: [{ name: 'webgl', reason: `software rendering (${renderer ?? ''}): wasm is faster` }, ...info.skipped] };
}

/**
 * The WebGL renderer's name (unmasked when the browser allows), e.g. a GPU's, or ANGLE's
 * SwiftShader for software rendering; `undefined` without WebGL.
 *
 * @category Web
 */
export function webglRenderer(): string | undefined {
  const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
  if (gl === null) return undefined;
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(ext === null ? gl.RENDERER : ext.UNMASKED_RENDERER_WEBGL));
}
