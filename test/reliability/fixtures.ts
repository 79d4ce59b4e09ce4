// Shared fixtures of the reliability tests: a tiny VAE (6-dimensional binary data, 2 latents)
// written with the public DSL, its data, and helpers.
import { mlp, model, tf, type Tensor2D } from '@aevb/core';
import { Bernoulli, Independent, Normal } from '@aevb/distributions';
import { Adam, SVI, autoAmortized, type Optimizer } from '@aevb/inference';

export const DIM = 6;
export const LATENT = 2;

/** A fresh tiny VAE: z ~ N(0, I_2), x | z ~ Bernoulli(logits = MLP_tanh(z)) over 6 pixels. */
export function tinyVae(dim = DIM, hidden = 8) {
  const decoder = mlp({ sizes: [LATENT, hidden, dim], activation: 'tanh' });
  return model('tiny-vae', { z: 2 }, (ctx, x: Tensor2D) => {
    const n = x.shape[0];
    const decode = ctx.net('decoder', decoder);
    ctx.plate('data', n, () => {
      const z = ctx.sample('z', new Independent(new Normal(0, 1).expand([n, LATENT]), 1));
      ctx.observe('x', new Independent(new Bernoulli({ logits: decode(z) }, { validateArgs: false }), 1), x);
    });
  });
}

/** A fresh SVI on a fresh tiny VAE (what a new process would build). */
export function tinySvi(options: { seed?: number; optimizer?: Optimizer; maxBadSteps?: number; dim?: number; hidden?: number } = {}) {
  const m = tinyVae(options.dim, options.hidden);
  return new SVI({
    model: m,
    guide: autoAmortized(m, { hidden: [options.hidden ?? 8] }),
    optimizer: options.optimizer ?? new Adam({ learningRate: 0.01 }),
    seed: options.seed ?? 3,
    ...(options.maxBadSteps === undefined ? {} : { maxBadSteps: options.maxBadSteps }),
  });
}

/** n binary rows of `dim` pixels from a fixed generator (two prototypes plus 10% flips). */
export function binaryData(n: number, dim = DIM, seed = 11): Tensor2D {
  let a = seed >>> 0;
  const rand = (): number => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 4294967296;
  };
  const v = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const proto = i % 2;
    for (let j = 0; j < dim; j++) {
      const bit = (j < dim / 2 ? 1 - proto : proto) === 1;
      v[i * dim + j] = (rand() < 0.1 ? !bit : bit) ? 1 : 0;
    }
  }
  return tf.tensor2d(v, [n, dim]);
}

/** Every parameter's unconstrained values, by name. */
export async function paramValues(svi: SVI<{ z: Tensor2D }, Tensor2D>): Promise<Record<string, Float32Array>> {
  const out: Record<string, Float32Array> = {};
  for (const [k, v] of Object.entries(svi.params.variables())) out[k] = (await v.data()) as Float32Array;
  return out;
}
