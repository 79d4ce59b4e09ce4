/**
 * A two-layer deep latent Gaussian model (z2 → z1 → x) on MNIST digits with the automatic
 * amortized guide for both layers, beside the one-layer VAE at the same budget.
 *
 * @module
 */
import { model, tf, type LatentSpec, type Model, type Tensor2D } from '@aevb/core';
import { mlp } from '@aevb/core/nn';
import { Bernoulli, Independent, Normal } from '@aevb/distributions';
import { Adam, SVI, autoAmortized } from '@aevb/inference';
import { vae } from '../vae/model.js';
import { batchTensor } from '../data/tensors.js';
import { galleryDigits, minibatchIndices, testIndices } from './digits.js';
import { disposeSvi, runSteps } from './fit-steps.js';
import type { GalleryEntry, GalleryRunOptions, GalleryResult } from './types.js';

/** Sizes of {@link dlgm}. @category Gallery */
export interface DlgmConfig {
  /** Dimension of the top layer z2. */
  readonly latent2: number;
  /** Dimension of the middle layer z1. */
  readonly latent1: number;
  /** Hidden units of each conditional's MLP. */
  readonly hidden: number;
}

/**
 * ```text
 * z2 ~ N(0, I)
 * z1 | z2 ~ N(μ(z2), diag σ²(z2))        (MLP_tanh with mean and log-variance heads)
 * x | z1 ~ Bernoulli(logits = MLP_tanh(z1))
 * ```
 *
 * @category Gallery
 */
export function dlgm(cfg: DlgmConfig): Model<{ z2: Tensor2D; z1: Tensor2D }, readonly [Tensor2D], unknown> {
  const middle = mlp({ sizes: [cfg.latent2, cfg.hidden, 2 * cfg.latent1], activation: 'tanh' });
  const decoder = mlp({ sizes: [cfg.latent1, cfg.hidden, 784], activation: 'tanh' });
  return model('dlgm', { z2: 2, z1: 2 }, (ctx, x: Tensor2D) => {
    const n = x.shape[0];
    const p1 = ctx.net('middle', middle);
    const decode = ctx.net('decoder', decoder);
    ctx.plate('data', n, () => {
      const z2 = ctx.sample('z2', new Independent(new Normal(0, 1).expand([n, cfg.latent2]), 1));
      const [loc, logVar] = tf.split(p1(z2), [cfg.latent1, cfg.latent1], 1) as [Tensor2D, Tensor2D];
      const z1 = ctx.sample('z1', new Independent(new Normal(loc, tf.exp(tf.mul(logVar, 0.5)), { validateArgs: false }), 1));
      ctx.observe('x', new Independent(new Bernoulli({ logits: decode(z1) }, { validateArgs: false }), 1), x);
    });
  });
}

/** Trains `svi` for `steps` minibatch steps of 100 from the first `pool` training digits; test ELBO before and after. */
async function train<L extends LatentSpec>(
  svi: SVI<L, Tensor2D>,
  steps: number,
  options: GalleryRunOptions,
  pool: number,
): Promise<{ before: number; after: number }> {
  const { train: set, test } = galleryDigits();
  const testX = batchTensor(test, testIndices(test, 500));
  const before = await svi.evaluate(testX, 2);
  const next = minibatchIndices(Math.min(pool, set.n), 100, options.seed ?? 0);
  await runSteps(svi, steps, () => ({ data: batchTensor(set, next()), dataSize: Math.min(pool, set.n), dispose: true }), options);
  const after = await svi.evaluate(testX, 2);
  testX.dispose();
  disposeSvi(svi);
  return { before, after };
}

/** Budget-matched comparison: the DLGM and the VAE (latent = z1's size) with the same steps, data and optimizer. */
export async function compareDlgmVae(options: GalleryRunOptions & { readonly pool?: number; readonly hidden?: number } = {}): Promise<Record<string, number>> {
  const steps = options.steps ?? entry.defaultSteps;
  const hidden = options.hidden ?? 200;
  const pool = options.pool ?? 8000;
  const cfg = { latent2: 4, latent1: 10, hidden };
  const common = { seed: options.seed ?? 0 };
  const deep = dlgm(cfg);
  const sviDeep = new SVI({ model: deep, guide: autoAmortized(deep, { hidden: [hidden] }), optimizer: new Adam({ learningRate: 1e-3 }), ...common });
  const d = await train(sviDeep, steps, options, pool);
  const flat = vae({ dataDim: 784, latent: cfg.latent1, hidden, decoder: 'bernoulli', init: 'glorot' });
  const sviFlat = new SVI({ model: flat, guide: autoAmortized(flat, { hidden: [hidden] }), optimizer: new Adam({ learningRate: 1e-3 }), ...common });
  const v = await train(sviFlat, steps, options, pool);
  return {
    'test ELBO per digit, DLGM (before)': d.before,
    'test ELBO per digit, DLGM (after)': d.after,
    'test ELBO per digit, VAE (before)': v.before,
    'test ELBO per digit, VAE (after)': v.after,
  };
}

async function run(options: GalleryRunOptions = {}): Promise<GalleryResult> {
  return { rows: [], metrics: await compareDlgmVae(options), files: [] };
}

/** The gallery entry (`pnpm example <name>`). @category Gallery */
const entry: GalleryEntry = {
  name: 'dlgm',
  summary: 'Two-layer deep latent Gaussian model (z2 → z1 → x) on MNIST vs the one-layer VAE at the same budget',
  defaultSteps: 2000,
  run,
  graph: () => ({ model: dlgm({ latent2: 2, latent1: 3, hidden: 4 }), args: [tf.zeros([2, 784])] }),
};
export { entry as dlgmEntry };
