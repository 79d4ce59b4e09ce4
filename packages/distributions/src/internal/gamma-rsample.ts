/**
 * Implicitly reparameterized Gamma draws (Figurnov, Mohamed & Mnih 2018). The draw itself comes
 * from the vectorized Marsaglia–Tsang sampler (not differentiated); the gradient is attached with
 * `tf.customGrad`: for z ~ Gamma(a, 1) with cdf F(z; a) = P(a, z),
 *
 *   dz/da = -(dF(z; a)/da) / p(z; a),   so   d log z / da = -(dF/da) / (z p(z; a)).
 *
 * The op returns log z (so Beta and Dirichlet can normalize in log space and tiny concentrations
 * do not underflow), with d log z / da evaluated in float64 on the JS side by
 * {@link dLogGammaSampleDConcentration} (series / continued fraction in dual numbers). That
 * backward pass reads the concentration and the draw (a device sync), once per gradient step.
 *
 * @module
 * @internal
 */
import { tf } from '@aevb/core';
import type { Tensor } from '@aevb/core';
import { dLogGammaSampleDConcentration } from './igamma64.js';
import { sampleLogGamma } from './random.js';
import { broadcastAs } from './shapes.js';

/**
 * The op, built per call so the seed and shape are closed over. The Marsaglia–Tsang ops run
 * inside customGrad's forward function, where the tape is off, so autodiff never walks them.
 */
function implicitLogGamma(shape: readonly number[], seed: number): (alpha: Tensor) => Tensor {
  return tf.customGrad((...args: (Tensor | tf.GradSaveFunc)[]) => {
    const alpha = args[0] as Tensor;
    const save = args[1] as tf.GradSaveFunc;
    const logZ = sampleLogGamma(alpha, shape, seed);
    save([alpha, logZ]);
    return {
      value: logZ,
      gradFunc: (dy: Tensor | Tensor[], saved: Tensor[]) => {
        const [a, lz] = saved as [Tensor, Tensor];
        const av = a.dataSync();
        const lv = lz.dataSync();
        const g = new Float32Array(av.length);
        for (let i = 0; i < av.length; i++) g[i] = dLogGammaSampleDConcentration(av[i] as number, lv[i] as number);
        return [tf.mul(dy as Tensor, tf.tensor(g, a.shape, 'float32'))];
      },
    };
  }) as (alpha: Tensor) => Tensor;
}

/**
 * log z for z ~ Gamma(concentration, 1) of the given shape (concentration broadcast to it), with
 * the implicit reparameterization gradient d log z / d concentration.
 *
 * @internal
 */
export function logStandardGammaRsample(concentration: Tensor, shape: readonly number[], seed: number): Tensor {
  return tf.tidy(() => implicitLogGamma(shape, seed)(broadcastAs(concentration, shape)));
}
