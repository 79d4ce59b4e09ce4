/**
 * The Marsaglia–Tsang Gamma sampler of random.ts evaluated on the host (cpu and wasm backends,
 * see host-op.ts): the same proposals (the same seeded normal and uniform draws per round), the
 * same acceptance rule and boost for concentrations below 1, in float64. A round's draws are made
 * only while some element is still unaccepted (usually one or two rounds instead of all eight,
 * and a handful of kernels instead of ~250); every accepted element takes the value of its first
 * accepted round, as in the tensor version.
 *
 * @module
 * @internal
 */
import { mixSeed, tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';

/**
 * log z, z ~ Gamma(α, 1), for the flat concentrations `alpha` (one per element of `shape`).
 * `rounds` proposal rounds; `normal(seed)` and `uniform(seed)` give that round's draws.
 *
 * @internal
 */
export function sampleLogGammaHost(
  alpha: Float32Array | Int32Array | Uint8Array,
  shape: readonly number[],
  seed: number,
  rounds: number,
  normal: (shape: readonly number[], seed: number) => Tensor,
  uniform: (shape: readonly number[], seed: number) => Tensor,
): Tensor {
  const n = alpha.length;
  const d = new Float64Array(n);
  const c = new Float64Array(n);
  let anySmall = false;
  for (let i = 0; i < n; i++) {
    const a = alpha[i] as number;
    const boosted = a < 1 ? a + 1 : a;
    anySmall ||= a < 1;
    d[i] = boosted - 1 / 3;
    c[i] = 1 / Math.sqrt(9 * (d[i] as number));
  }
  const result = Float64Array.from(d); // an element no round accepts takes the mode d
  const done = new Uint8Array(n);
  let remaining = n;
  for (let r = 0; r < rounds && remaining > 0; r++) {
    const [xs, us] = tf.tidy(() => [normal(shape, mixSeed(seed, 2 * r)).dataSync(), uniform(shape, mixSeed(seed, 2 * r + 1)).dataSync()]);
    for (let i = 0; i < n; i++) {
      if (done[i] === 1) continue;
      const x = xs[i] as number;
      const di = d[i] as number;
      const v = (1 + (c[i] as number) * x) ** 3;
      if (v > 0 && Math.log(us[i] as number) < 0.5 * x * x + di - di * v + di * Math.log(v)) {
        result[i] = di * v;
        done[i] = 1;
        remaining--;
      }
    }
  }
  const out = new Float32Array(n);
  const boost = anySmall ? tf.tidy(() => uniform(shape, mixSeed(seed, 2 * rounds)).dataSync()) : undefined;
  for (let i = 0; i < n; i++) {
    const a = alpha[i] as number;
    out[i] = Math.log(result[i] as number) + (boost !== undefined && a < 1 ? Math.log(boost[i] as number) / a : 0);
  }
  return tf.tensor(out, [...shape], 'float32');
}
