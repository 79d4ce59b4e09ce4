// The lean tape must give TF.js's gradients bit for bit (every shape case of the gradient
// functions it replaces, first and second derivatives), with fewer kernels and no leaked tensor
// or buffer.
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customOp } from '../ops/custom-op.js';
import { initBackend } from './select.js';
import { setLeanTape } from './lean-tape.js';

type Case = { readonly name: string; readonly shapes: number[][]; readonly f: (xs: Tensor[]) => Tensor };

const int = (): Tensor => tf.tensor1d([2, -3, 5], 'int32');
const CASES: Case[] = [
  { name: 'add, same shapes', shapes: [[3], [3]], f: ([a, b]) => tf.add(a as Tensor, b as Tensor) },
  { name: 'add, rank broadcast', shapes: [[3], [2, 3]], f: ([a, b]) => tf.add(a as Tensor, b as Tensor) },
  { name: 'sub, size-1 broadcast both ways', shapes: [[1, 3], [2, 1]], f: ([a, b]) => tf.sub(a as Tensor, b as Tensor) },
  { name: 'sub, scalar minus vector', shapes: [[], [4]], f: ([a, b]) => tf.sub(a as Tensor, b as Tensor) },
  { name: 'mul, broadcast', shapes: [[2, 3], [1, 3]], f: ([a, b]) => tf.mul(a as Tensor, b as Tensor) },
  { name: 'mul by an int32 tensor', shapes: [[3]], f: ([a]) => tf.mul(a as Tensor, int()) },
  { name: 'div, broadcast both inputs', shapes: [[2, 1], [3]], f: ([a, b]) => tf.div(a as Tensor, tf.add(tf.square(b as Tensor), 1)) },
  { name: 'div of an int32 tensor', shapes: [[3]], f: ([b]) => tf.div(int(), tf.add(tf.square(b as Tensor), 1)) },
  { name: 'square, log, sqrt, exp', shapes: [[5]], f: ([x]) => tf.sqrt(tf.add(tf.log(tf.add(tf.square(x as Tensor), 1)), tf.exp(x as Tensor))) },
  { name: 'where (select)', shapes: [[6]], f: ([x]) => tf.where(tf.greater(x as Tensor, 0), tf.square(x as Tensor), tf.mul(x as Tensor, 3)) },
  { name: 'clone (identity)', shapes: [[3]], f: ([x]) => tf.mul(tf.clone(x as Tensor), x as Tensor) },
  { name: 'cast', shapes: [[3]], f: ([x]) => tf.mul(tf.cast(x as Tensor, 'float32'), x as Tensor) },
  { name: 'zerosLike and onesLike', shapes: [[3]], f: ([x]) => tf.add(tf.mul(tf.onesLike(x as Tensor), x as Tensor), tf.zerosLike(x as Tensor)) },
  { name: 'broadcastTo rank 1', shapes: [[1]], f: ([x]) => tf.mul(tf.broadcastTo(x as Tensor, [30]), tf.linspace(-1, 2, 30)) },
  { name: 'broadcastTo rank 2', shapes: [[2, 1]], f: ([x]) => tf.mul(tf.broadcastTo(x as Tensor, [2, 7]), tf.reshape(tf.linspace(0.1, 3, 14), [2, 7])) },
  { name: 'tile rank 3', shapes: [[2, 1, 3]], f: ([x]) => tf.square(tf.tile(x as Tensor, [3, 4, 2])) },
  { name: 'tile rank 4', shapes: [[1, 2, 1, 2]], f: ([x]) => tf.exp(tf.tile(x as Tensor, [2, 1, 3, 2])) },
  {
    name: 'a custom op saving its inputs',
    shapes: [[4]],
    f: ([x]) => {
      const [y] = customOp({
        inputs: [x as Tensor],
        forward: (save) => {
          save([x as Tensor]);
          return [tf.sin(x as Tensor)];
        },
        backward: ([dy], [s]) => [() => tf.mul(dy as Tensor, tf.cos(s as Tensor))],
      });
      return tf.mul(y as Tensor, x as Tensor);
    },
  },
];

/** Values of a seeded input of `shape` (no zeros, mixed signs). */
function input(shape: number[], k: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: n }, (_, i) => Math.sin(1.3 * i + k) * 1.7 + 0.05 * (k + 1)), shape, 'float32');
}

/** The float32 bit patterns of each gradient (so -0 and +0, and NaN payloads, count as different). */
function bits(ts: Tensor[]): number[][] {
  return ts.map((t) => Array.from(new Uint32Array((t.dataSync() as Float32Array).slice().buffer)));
}

function gradientsOf(c: Case, lean: boolean, order: 1 | 2): { bits: number[][]; kernels: Promise<number> } {
  const was = setLeanTape(lean);
  try {
    const xs = c.shapes.map((s, k) => input(s, k));
    const loss = (...v: Tensor[]) => tf.sum(tf.square(c.f(v)));
    const run = (): Tensor[] => {
      if (order === 1) return tf.grads(loss)(xs);
      // Second order: the gradient of the sum of first derivatives.
      return tf.grads((...v: Tensor[]) => tf.addN(tf.grads(loss)(v).map((g) => tf.sum(g))))(xs);
    };
    const out = tf.tidy(run);
    const b = bits(out);
    tf.dispose(out);
    const kernels = tf.profile(() => tf.dispose(run())).then((p) => p.kernels.length);
    tf.dispose(xs);
    return { bits: b, kernels };
  } finally {
    setLeanTape(was);
  }
}

describe.each(['cpu', 'wasm'] as const)('lean tape on %s', (backend) => {
  beforeAll(async () => {
    await initBackend({ order: [backend] });
  });
  afterAll(() => {
    setLeanTape(true);
  });

  describe('first derivatives', () => {
    it.each(CASES.map((c) => [c.name, c] as const))('%s: bit for bit as TF.js, with fewer or as many kernels', async (_n, c) => {
      const lean = gradientsOf(c, true, 1);
      const plain = gradientsOf(c, false, 1);
      expect(lean.bits).toEqual(plain.bits);
      expect(await lean.kernels).toBeLessThanOrEqual(await plain.kernels);
    });
  });

  describe('second derivatives (a gradient of a gradient records the lean paths nowhere)', () => {
    it.each(CASES.filter((c) => !c.name.startsWith('a custom op')).map((c) => [c.name, c] as const))('%s: bit for bit as TF.js', (_n, c) => {
      expect(gradientsOf(c, true, 2).bits).toEqual(gradientsOf(c, false, 2).bits);
    });
  });

  it('drops the copies of saved tensors and the no-op casts (a normal log-density: 2/3 of the kernels)', async () => {
    const c: Case = {
      name: 'normal log-density',
      shapes: [[1], [1]],
      f: ([m, s]) => {
        const x = tf.tensor1d([0.8, 1.9, 1.2, 0.3, 1.5]);
        const z = tf.div(tf.sub(x, tf.broadcastTo(m as Tensor, [5])), tf.exp(s as Tensor));
        return tf.neg(tf.add(tf.mul(tf.square(z), 0.5), s as Tensor));
      },
    };
    const lean = await gradientsOf(c, true, 1).kernels;
    const plain = await gradientsOf(c, false, 1).kernels;
    expect(lean).toBeLessThan((2 / 3) * plain);
  });

  it('leaks no tensor and no buffer over repeated variable gradients', () => {
    const v = tf.variable(input([3, 1], 0));
    const step = (): void => {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(tf.mul(tf.broadcastTo(v, [3, 4]), tf.tile(v, [1, 4])))), [v]);
      tf.tidy(() => v.assign(tf.sub(v, tf.mul(grads[v.name] as Tensor, 0.01))));
      tf.dispose([value, ...Object.values(grads)]);
    };
    step();
    const before = tf.memory();
    for (let i = 0; i < 20; i++) step();
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
    v.dispose();
  });
});
