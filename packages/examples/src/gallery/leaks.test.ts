// Every gallery entry's run() frees what it allocated: parameters, optimizer state, data.
import { describe, expect, it } from 'vitest';
import { tf } from '@aevb/core';
import { GALLERY } from './registry.js';

describe('gallery', () => {
  describe('run', () => {
    // 20 steps suffice: the leaks were per run (parameters, optimizer slots), not per step.
    it.each(GALLERY.map((g) => [g.name, g] as const))('%s leaves no tensor behind', async (_name, entry) => {
      const before = tf.memory().numTensors;
      await entry.run({ steps: 20 });
      expect(tf.memory().numTensors).toBe(before);
    }, 120_000);
  });
});
