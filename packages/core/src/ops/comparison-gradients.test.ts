// Zero gradients for comparison and logical kernels: differentiating through boolean intermediates works.
import { it, expect } from 'vitest';
import { tf } from '@aevb/core';
it('differentiates through all/where with bool intermediates', () => {
  const x = tf.variable(tf.tensor1d([1, 2, 3]));
  const { grads } = tf.variableGrads(() => {
    const inside = tf.all(tf.greater(tf.reshape(x, [1, 3]), 0), 1);
    return tf.sum(tf.where(tf.broadcastTo(inside, [3]), tf.square(x), tf.zeros([3]))) as tf.Scalar;
  }, [x]);
  expect(Array.from(grads[x.name]!.dataSync())).toEqual([2, 4, 6]);
});
