import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError } from '../errors.js';
import { initBackend } from '../backend/select.js';
import { gatherRows } from './rows.js';

const same = (a: Tensor, b: Tensor): void => {
  expect(a.shape).toEqual(b.shape);
  expect(a.dtype).toBe(b.dtype);
  expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync())); // a copy: bit-identical
};

describe.each(['cpu', 'wasm'] as const)('gatherRows on %s', (backend) => {
  beforeAll(async () => {
    await initBackend({ order: [backend] });
  });

  it.each([
    ['float32 matrix', [50, 7], 'float32'],
    ['int32 matrix', [50, 3], 'int32'],
    ['rank 1', [50], 'float32'],
    ['rank 3', [50, 2, 3], 'float32'],
  ] as const)('equals tf.gather and tf.slice (%s)', (_name, shape, dtype) => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const x = dtype === 'int32' ? tf.randomUniform([...shape], -100, 100, 'int32', 1) : tf.randomNormal([...shape], 0, 1, 'float32', 1);
      const idx = [49, 0, 7, 7, 23];
      same(gatherRows(x, idx), tf.gather(x, tf.tensor1d(idx, 'int32')));
      same(gatherRows(x, Int32Array.from(idx)), tf.gather(x, tf.tensor1d(idx, 'int32')));
      same(gatherRows(x, { start: 10, size: 15 }), tf.slice(x, 10, 15));
      same(gatherRows(x, { start: 0, size: 50 }), x);
      expect(gatherRows(x, []).shape).toEqual([0, ...shape.slice(1)]);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads current values (after a variable is assigned)', () => {
    const v = tf.variable(tf.zeros([4, 2]));
    v.assign(tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]));
    const r = gatherRows(v, [3, 1]);
    expect(Array.from(r.dataSync())).toEqual([7, 8, 3, 4]);
    tf.dispose([v, r]);
  });

  it('names the function, argument, shape and value in errors', () => {
    tf.tidy(() => {
      const x = tf.zeros([5, 2]);
      expect(() => gatherRows(x, [5])).toThrow(ArgumentError);
      expect(() => gatherRows(x, [0, 5])).toThrow(/gatherRows: argument 'rows'.*index 5 at position 1 is not a row of x \[5, 2\]/);
      expect(() => gatherRows(x, [1.5])).toThrow(/index 1.5/);
      expect(() => gatherRows(x, { start: 3, size: 3 })).toThrow(/block \{start: 3, size: 3\} is outside the 5 rows/);
      expect(() => gatherRows(tf.scalar(1), [0])).toThrow(/must have rank >= 1/);
    });
  });
});
