import { describe, expect, it } from 'vitest';
import { tf } from '@aevb/core';
import { checkFitOptions } from './fit-checks.js';

describe('fit-checks', () => {
  describe('checkFitOptions', () => {
    const x = tf.zeros([8, 2]);
    it('refuses epochs and maxSteps that are not positive integers, naming the option', () => {
      for (const epochs of [-1, 0, Number.NaN, 1.5, Infinity]) {
        expect(() => checkFitOptions({ data: x, batchSize: 4, epochs })).toThrow(`fit: argument 'epochs' must be a positive integer, got ${epochs}`);
      }
      expect(() => checkFitOptions({ data: x, batchSize: 4, maxSteps: 2.5 })).toThrow("fit: argument 'maxSteps' must be a positive integer, got 2.5");
      expect(() => checkFitOptions({ data: x, batchSize: 4, epochs: 3, maxSteps: 7 })).not.toThrow();
    });
    it('names a disposed data or validation tensor', () => {
      const gone = tf.zeros([8, 2]);
      gone.dispose();
      expect(() => checkFitOptions({ data: gone, batchSize: 4 })).toThrow("fit: argument 'data' is a disposed tensor");
      expect(() => checkFitOptions({ data: { x, y: gone }, batchSize: 4 })).toThrow("fit: argument 'data.y' is a disposed tensor");
      expect(() => checkFitOptions({ data: x, batchSize: 4, validation: gone })).toThrow("fit: argument 'validation' is a disposed tensor");
    });
  });
});
