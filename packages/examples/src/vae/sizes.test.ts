import { describe, expect, it } from 'vitest';
import { VAE_DEFAULTS } from './config.js';
import { checkVaeSizes, memoryBudget } from './sizes.js';

const mnist = { dataDim: 784, train: 7996, test: 2004, source: 'embedded' };
const GB = 2 ** 30;

describe('vae/sizes', () => {
  describe('checkVaeSizes', () => {
    it('passes the defaults with room to spare', () => {
      expect(() => checkVaeSizes(VAE_DEFAULTS, mnist, GB)).not.toThrow();
    });
    it('names --hidden when one weight matrix cannot be a tensor (it crashed after 62 s)', () => {
      expect(() => checkVaeSizes({ ...VAE_DEFAULTS, hidden: 100_000_000 }, mnist, 8 * GB)).toThrow(
        "vae: argument '--hidden' 100000000 makes a 784×100000000 weight matrix (7.84e+10 values), more than one tensor can hold (2147483647)",
      );
    });
    it('names the flag whose memory exceeds the budget', () => {
      // H = 100,000: P = 2·784·H + 2·20·H + … = 1.632e8 parameters ×4 bytes ×6 (values, gradients,
      // updates, 2 Adam slots) = 3.6 GiB; the log-likelihood's chunks of 100 digits × 50 particles:
      // 5,000·(H + 784) ×24 bytes = 11.3 GiB.
      expect(() => checkVaeSizes({ ...VAE_DEFAULTS, hidden: 100_000 }, mnist, 2 * GB)).toThrow(
        /^vae: argument '--hidden' makes the run need about 15\.0 GB \(model 3\.6 GB, data 0\.\d\d GB, activations 11\.3 GB\); the budget is 2\.0 GB/,
      );
      expect(() => checkVaeSizes({ ...VAE_DEFAULTS, batch: 7000, particles: 100 }, mnist, 2 * GB)).toThrow(/argument '--batch' makes the run need about/);
    });
    it('refuses a batch above the training data and an empty test set (it said "validation contains NaN")', () => {
      expect(() => checkVaeSizes({ ...VAE_DEFAULTS, batch: 9000 }, mnist, GB)).toThrow("vae: argument '--batch' 9000 is larger than the training data (7996 examples of embedded)");
      expect(() => checkVaeSizes(VAE_DEFAULTS, { ...mnist, test: 0, source: 'mnist-idx:d' }, GB)).toThrow("vae: argument '--data' holds no test examples (mnist-idx:d)");
    });
  });
  describe('memoryBudget', () => {
    it('is half the machine, at most the wasm heap on wasm', () => {
      expect(memoryBudget('cpu', 16 * GB)).toBe(8 * GB);
      expect(memoryBudget('wasm', 16 * GB)).toBe(4 * GB);
    });
  });
});
