/**
 * The paper's variational autoencoder, written with the public DSL.
 *
 * @module
 */
import { glorotUniform, mlp, model, normal, tf, type Initializer, type Model, type Tensor2D } from '@aevb/core';
import { Bernoulli, Independent, Normal } from '@aevb/distributions';

/** Architecture of {@link vae}. @category VAE */
export interface VaeConfig {
  /** Dimension of x (784 for MNIST). */
  readonly dataDim: number;
  /** Dimension of z (the paper's N_z; default 20). */
  readonly latent: number;
  /** Hidden units of the decoder MLP (default 500). */
  readonly hidden: number;
  /** `'bernoulli'` for binary-ish data (grey values as soft targets), `'gaussian'` for continuous data. */
  readonly decoder: 'bernoulli' | 'gaussian';
  /** Weight initializer: `'glorot'` or the paper's N(0, 0.01) (`'paper'`). */
  readonly init: 'glorot' | 'paper';
}

/** The initializer a {@link VaeConfig} names. @category VAE */
export function initializerOf(init: VaeConfig['init']): Initializer {
  return init === 'paper' ? normal(0.01) : glorotUniform();
}

/**
 * The VAE of Kingma & Welling (2013), appendix C:
 *
 * ```text
 * z ~ N(0, I)                                   (N_z dimensions)
 * x | z ~ Bernoulli(logits = MLP_tanh(z))       (or N(μ(z), σ²(z)) for continuous data)
 * ```
 *
 * The recognition model q(z | x) is not written here: `autoAmortized(vae(cfg))` derives it.
 *
 * @example
 * ```ts
 * const m = vae({ dataDim: 784, latent: 20, hidden: 500, decoder: 'bernoulli', init: 'glorot' });
 * const q = autoAmortized(m, { hidden: [500] });
 * ```
 * @category VAE
 */
export function vae(cfg: VaeConfig): Model<{ z: Tensor2D }, readonly [Tensor2D], Tensor2D> {
  const out = cfg.decoder === 'bernoulli' ? cfg.dataDim : 2 * cfg.dataDim;
  const decoderNet = mlp({ sizes: [cfg.latent, cfg.hidden, out], activation: 'tanh', init: initializerOf(cfg.init) });
  return model('vae', { z: 2 }, (ctx, x: Tensor2D) => {
    const n = x.shape[0];
    const decode = ctx.net('decoder', decoderNet);
    return ctx.plate('data', n, () => {
      const z = ctx.sample('z', new Independent(new Normal(0, 1).expand([n, cfg.latent]), 1));
      const h = decode(z);
      // Grey values in [0, 1] are soft Bernoulli targets (cross-entropy), as in the paper's MNIST runs.
      const px =
        cfg.decoder === 'bernoulli'
          ? new Bernoulli({ logits: h }, { validateArgs: false })
          : gaussianDecoder(h, cfg.dataDim);
      ctx.observe('x', new Independent(px, 1), x);
      return z;
    });
  });
}

/** Mean (through a sigmoid, for data in [0, 1]) and log-variance heads of the Gaussian decoder. */
function gaussianDecoder(h: Tensor2D, d: number): Normal {
  const [mu, logVar] = tf.split(h, [d, d], 1) as [Tensor2D, Tensor2D];
  return new Normal(tf.sigmoid(mu), tf.exp(tf.mul(logVar, 0.5)), { validateArgs: false });
}
