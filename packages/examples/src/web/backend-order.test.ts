import { describe, expect, it } from 'vitest';
import { BROWSER_BACKEND_ORDER } from '@aevb/core';
import { autoBackendOrder, isSoftwareRenderer } from './backend-order.js';

// Renderer strings as browsers report them (unmasked) for software and hardware WebGL.
const SOFTWARE = [
  'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
  'Google SwiftShader',
  'llvmpipe (LLVM 15.0.6, 256 bits)',
  'Mesa softpipe',
  'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)',
];
const HARDWARE = ['ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)', 'Apple M1', 'Mesa Intel(R) UHD Graphics 620 (KBL GT2)'];

describe('web/backend-order', () => {
  describe('autoBackendOrder', () => {
    it('drops webgl for a software renderer', () => {
      for (const r of SOFTWARE) {
        expect(isSoftwareRenderer(r)).toBe(true);
        expect(autoBackendOrder(r)).toEqual(['wasm', 'cpu']);
      }
    });
    it('keeps the browser order for a GPU renderer or without WebGL', () => {
      for (const r of [...HARDWARE, undefined]) {
        expect(isSoftwareRenderer(r)).toBe(false);
        expect(autoBackendOrder(r)).toEqual(BROWSER_BACKEND_ORDER);
      }
    });
  });
});
