/**
 * Which backends the page's "auto" choice tries: core's browser order, without WebGL when the
 * page's WebGL renderer is a software one (no GPU), where wasm is several times faster (measured:
 * the paper's VAE at ~2,800 examples/s on wasm against ~250 on SwiftShader WebGL).
 *
 * @module
 */
import { BROWSER_BACKEND_ORDER, type BackendName } from '@aevb/core';

/**
 * Whether a WebGL renderer string names a software rasterizer (ANGLE's SwiftShader, Mesa's
 * llvmpipe or softpipe, Microsoft's Basic Render Driver, or one that says "software").
 *
 * @example
 * ```ts
 * isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)'); // true
 * ```
 * @category Web
 */
export function isSoftwareRenderer(renderer: string | undefined): boolean {
  return renderer !== undefined && /swiftshader|llvmpipe|softpipe|software|basic render driver/i.test(renderer);
}

/**
 * The order "auto" tries, given the page's WebGL renderer (`undefined` without WebGL): the
 * browser order (webgl → wasm → cpu), with webgl dropped for a software renderer.
 *
 * @example
 * ```ts
 * autoBackendOrder('llvmpipe (LLVM 15.0.6, 256 bits)'); // ['wasm', 'cpu']
 * ```
 * @category Web
 */
export function autoBackendOrder(renderer: string | undefined): readonly BackendName[] {
  return isSoftwareRenderer(renderer) ? BROWSER_BACKEND_ORDER.filter((b) => b !== 'webgl') : BROWSER_BACKEND_ORDER;
}
