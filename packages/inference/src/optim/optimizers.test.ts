import { ArgumentError, PersistenceError, tf } from '@aevb/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { SGD } from './sgd.js';
import type { Optimizer } from './types.js';
import { withDecoupledWeightDecay, withL2Decay } from './weight-decay.js';

// Quadratic f(w) = 1/2 sum_i a_i (w_i - c_i)^2, gradient a * (w - c).
const A = [1, 3, 0.5];
const C = [0.2, 0.1, -0.3];
const W0 = [1, -2, 0.5];

function run(opt: Optimizer, steps: number, w0: readonly number[] = W0): number[][] {
  const w = tf.tidy(() => tf.variable(tf.tensor1d(w0.slice())));
  const a = tf.tensor1d(A);
  const c = tf.tensor1d(C);
  const out: number[][] = [];
  for (let s = 0; s < steps; s++) {
    const g = tf.tidy(() => tf.mul(a, tf.sub(w, c)));
    opt.apply({ w }, { w: g });
    g.dispose();
    out.push(Array.from(w.dataSync()));
  }
  tf.dispose([w, a, c]);
  return out;
}

// Float32 tolerance: unit roundoff 6e-8 x ~10 roundings per step x 5 steps x |w| <= 2 gives < 1e-5.
function expectTrajectory(actual: number[][], expected: number[][], tol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, t) => row.forEach((x, i) => expect(Math.abs(x - (expected[t]?.[i] ?? NaN))).toBeLessThan(tol)));
}

// Reference trajectories: PyTorch 1.13 (torch.optim, float64) on the same quadratic, 5 steps. PyTorch's
// Adam defaults to beta2 = 0.999 (aevb's to 0.99), so those cases pass it.
const CASES: readonly { name: string; make: () => Optimizer; expected: number[][] }[] = [
  { name: 'Adam', make: () => new Adam({ learningRate: 0.1, beta2: 0.999 }), expected: [[0.90000000125, -1.900000000159, 0.4000000025], [0.800568285401, -1.800156845304, 0.300568287964], [0.702220069505, -1.700586601144, 0.202220073429], [0.605600227783, -1.601414368605, 0.105600233095], [0.511504288046, -1.502774554248, 0.011504294738]] },
  { name: 'Adam beta2=0.5', make: () => new Adam({ learningRate: 0.1, beta2: 0.5 }), expected: [[0.90000000125, -1.900000000159, 0.4000000025], [0.798296042574, -1.799336799203, 0.298296045228], [0.693438245408, -1.697569099769, 0.193438249718], [0.583533159106, -1.594272748653, 0.083533165483], [0.465835196722, -1.489038572424, -0.034164794123]] },
  { name: 'AMSGrad beta2=0.5', make: () => new Adam({ learningRate: 0.1, beta2: 0.5, amsgrad: true }), expected: [[0.90000000125, -1.900000000159, 0.4000000025], [0.798296042574, -1.799336799203, 0.298296045228], [0.696528665796, -1.697569099769, 0.196528669851], [0.599853224605, -1.595229599168, 0.099853229905], [0.510476255074, -1.494357658542, 0.0104762614]] },
  { name: 'Adagrad', make: () => new Adagrad({ learningRate: 0.1, initialAccumulatorValue: 0.1, epsilon: 0 }), expected: [[0.907001889005, -1.900125738765, 0.421553545945], [0.843507447381, -1.831203459594, 0.363794865182], [0.793470370704, -1.775802262975, 0.31687229527], [0.751570161199, -1.728415679478, 0.276901469988], [0.715282573866, -1.686483178349, 0.241886969667]] },
  { name: 'SGD', make: () => new SGD({ learningRate: 0.1 }), expected: [[0.92, -1.37, 0.46], [0.848, -0.929, 0.422], [0.7832, -0.6203, 0.3859], [0.72488, -0.40421, 0.351605], [0.672392, -0.252947, 0.31902475]] },
  { name: 'SGD momentum', make: () => new SGD({ learningRate: 0.1, momentum: 0.9 }), expected: [[0.92, -1.37, 0.46], [0.776, -0.362, 0.386], [0.5888, 0.6838, 0.2851], [0.38144, 1.44988, 0.165035], [0.176672, 1.734388, 0.03372475]] },
  { name: 'SGD Nesterov', make: () => new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true }), expected: [[0.848, -0.803, 0.424], [0.66008, 0.22201, 0.32282], [0.4618568, 0.8311633, 0.2051701], [0.275110328, 0.995580889, 0.0793209305], [0.11633465288, 0.83048970337, -0.047246155948]] },
  // torch.optim.Adam(weight_decay=0.5) is coupled L2; torch.optim.AdamW(weight_decay=0.5) is decoupled with lr 0.1.
  { name: 'L2(Adam)', make: () => withL2Decay(new Adam({ learningRate: 0.1, beta2: 0.999 }), 0.5), expected: [[0.900000000769, -1.900000000137, 0.400000001538], [0.800505494189, -1.800158155325, 0.300778400956], [0.701963145426, -1.700591595831, 0.20309707435], [0.60492181714, -1.601426646706, 0.107961871108], [0.51004805156, -1.502799110307, 0.016666081367]] },
  { name: 'AdamW', make: () => withDecoupledWeightDecay(new Adam({ learningRate: 0.1, beta2: 0.999 }), { rate: 0.5, learningRate: 0.1 }), expected: [[0.85000000125, -1.800000000159, 0.3750000025], [0.70856733194, -1.610385110556, 0.257047436086], [0.5762844708, -1.430921259189, 0.146482525813], [0.453979853253, -1.261406812429, 0.043764377708], [0.34272480457, -1.10166962305, -0.050535862282]] },
];

describe('optimizers', () => {
  let before = 0;
  beforeEach(() => {
    before = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors).toBe(before);
  });

  describe.each(CASES)('$name', ({ make, expected }) => {
    it('matches the PyTorch trajectory on a quadratic', () => {
      const opt = make();
      expectTrajectory(run(opt, 5), expected);
      opt.dispose();
    });

    it('gives the same next steps after a getState/setState (JSON) round trip', async () => {
      const a = make();
      run(a, 3);
      const state = JSON.parse(JSON.stringify(await a.getState())) as Awaited<ReturnType<Optimizer['getState']>>;
      expect(state.step).toBe(3);
      const b = make();
      b.setState(state);
      const w = [0.3, -0.7, 1.1];
      expect(run(b, 2, w)).toEqual(run(a, 2, w)); // bit-identical
      a.dispose();
      b.dispose();
    });

    it('leaks no tensors over 100 updates', () => {
      const opt = make();
      const w = tf.tidy(() => tf.variable(tf.tensor1d(W0)));
      const g = tf.tensor1d([0.1, -0.2, 0.3]);
      opt.apply({ w }, { w: g }); // creates the slots
      const n = tf.memory().numTensors;
      for (let i = 0; i < 100; i++) opt.apply({ w }, { w: g });
      expect(tf.memory().numTensors).toBe(n);
      opt.dispose();
      tf.dispose([w, g]);
    });
  });

  it.each([
    ['Adam', () => new Adam({ learningRate: 0.05 }), 2000],
    ['AMSGrad', () => new Adam({ learningRate: 0.05, amsgrad: true }), 2000],
    ['Adagrad', () => new Adagrad({ learningRate: 0.5 }), 2000],
    ['SGD', () => new SGD({ learningRate: 0.3 }), 300],
    ['SGD Nesterov', () => new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true }), 300],
  ] as const)('%s converges to the minimum of the quadratic', (_name, make, steps) => {
    const opt = make();
    const last = run(opt, steps).at(-1) ?? [];
    last.forEach((x, i) => expect(Math.abs(x - (C[i] ?? NaN))).toBeLessThan(1e-3));
    opt.dispose();
  });

  it('uses the schedule value of each step (Adam, exact bias-corrected form)', () => {
    const lr = (s: number): number => 0.1 / (1 + s);
    const opt = new Adam({ learningRate: lr });
    const out = run(opt, 4);
    opt.dispose();
    // Float64 reference of the textbook update with the same schedule.
    let w = W0.slice();
    const m = [0, 0, 0];
    const v = [0, 0, 0];
    for (let t = 1; t <= 4; t++) {
      w = w.map((wi, i) => {
        const g = (A[i] ?? 0) * (wi - (C[i] ?? 0));
        m[i] = 0.9 * (m[i] ?? 0) + 0.1 * g;
        v[i] = 0.99 * (v[i] ?? 0) + 0.01 * g * g; // the default beta2
        const mh = (m[i] ?? 0) / (1 - 0.9 ** t);
        const vh = (v[i] ?? 0) / (1 - 0.99 ** t);
        return wi - lr(t - 1) * (mh / (Math.sqrt(vh) + 1e-8));
      });
      out[t - 1]?.forEach((x, i) => expect(Math.abs(x - (w[i] ?? NaN))).toBeLessThan(1e-5));
    }
  });

  it('leaves variables without a gradient untouched and rejects bad gradients', () => {
    const opt = new Adam();
    const w = tf.tidy(() => tf.variable(tf.tensor1d([1, 2])));
    const u = tf.tidy(() => tf.variable(tf.tensor1d([3])));
    const g = tf.tensor1d([0.5, 0.5]);
    const bad = tf.tensor1d([1, 2, 3]);
    opt.apply({ w, u }, { w: g });
    expect(Array.from(u.dataSync())).toEqual([3]);
    expect(() => opt.apply({ w }, { x: g })).toThrow(ArgumentError);
    expect(() => opt.apply({ w }, { w: bad })).toThrow(/adam\.apply: argument 'grads' 'w' has shape \[3\] but variable 'w' has shape \[2\]/);
    opt.dispose();
    tf.dispose([w, u, g, bad]);
  });

  it('rejects invalid options and foreign states', async () => {
    expect(() => new Adam({ beta1: 1 })).toThrow(/Adam: argument 'beta1'/);
    expect(() => new Adam({ learningRate: -1 })).toThrow(ArgumentError);
    expect(() => new Adagrad({ initialAccumulatorValue: Number.NaN })).toThrow(ArgumentError);
    expect(() => new SGD({ nesterov: true })).toThrow(/needs momentum > 0/);
    const sgd = new SGD({ momentum: 0.5 });
    run(sgd, 1);
    const state = await sgd.getState();
    const adam = new Adam();
    expect(() => adam.setState(state)).toThrow(PersistenceError);
    const broken = { ...state, slots: { w: { momentum: { shape: [3], values: [1, 2] } } } };
    expect(() => sgd.setState(broken)).toThrow(/has 2 values for shape \[3\]/);
    sgd.dispose();
    adam.dispose();
  });
});
