// Type-level guarantees of the model DSL, checked by `tsc -p test/tsconfig.types.json` (pnpm typecheck)
// and by vitest's expectTypeOf at compile time.
import { expectTypeOf } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { guide, model, trace, seed, replay, type LatentsOf, type Model } from './index.js';
import { ToyNormal } from './testing/toy-normal.js';

const N = () => new ToyNormal(tf.zeros([2]), tf.ones([2]));

const m = model('m', { z: 2, w: 1 }, (ctx, x: Tensor2D) => {
  const w = ctx.sample('w', N());
  const z = ctx.sample('z', N());
  expectTypeOf(w).toEqualTypeOf<Tensor1D>();
  expectTypeOf(z).toEqualTypeOf<Tensor2D>();
  // @ts-expect-error: 'q' is not a latent site of this model
  ctx.sample('q', N());
  ctx.observe('x', N(), x);
  return z;
});

expectTypeOf(m).toEqualTypeOf<Model<{ z: Tensor2D; w: Tensor1D }, [x: Tensor2D], Tensor2D>>();
expectTypeOf<LatentsOf<typeof m>>().toEqualTypeOf<{ z: Tensor2D; w: Tensor1D }>();

// A guide that provides every latent compiles.
export const good = guide(m, 'q', (ctx, _x: Tensor2D) => {
  const z = ctx.sample('z', N());
  const w = ctx.sample('w', N());
  return { z, w };
});

// A guide that misses a latent does not compile.
// @ts-expect-error: property 'w' is missing
export const missing = guide(m, 'q', (ctx, _x: Tensor2D) => {
  const z = ctx.sample('z', N());
  return { z };
});

// A guide that names a latent the model does not have does not compile.
export const extra = guide(m, 'q', (ctx, _x: Tensor2D) => {
  const z = ctx.sample('z', N());
  const w = ctx.sample('w', N());
  // @ts-expect-error: 'v' is not a latent site of the model
  ctx.sample('v', N());
  return { z, w };
});

// A guide whose values have the wrong tensor rank does not compile.
// @ts-expect-error: w must be a Tensor1D
export const wrongRank = guide(m, 'q', (ctx, _x: Tensor2D) => {
  const z = ctx.sample('z', N());
  return { z, w: z };
});

// Guides only accept names of their latents, and observe is not available in a guide.
export const noObserve = guide(m, 'q', (ctx, x: Tensor2D) => {
  // @ts-expect-error: guides cannot observe data
  ctx.observe('x', N(), x);
  return { z: ctx.sample('z', N()), w: ctx.sample('w', N()) };
});

// Handlers keep the model's type.
const handled = replay(seed(m, 0), trace(seed(m, 1)).getTrace(tf.zeros([2, 2])));
expectTypeOf(handled).toMatchTypeOf<Model<{ z: Tensor2D; w: Tensor1D }, [x: Tensor2D], Tensor2D>>();
// @ts-expect-error: the handled model still takes a Tensor2D
handled.run(tf.zeros([2]) as Tensor1D);

expectTypeOf(trace(m).traceRun).returns.toHaveProperty('value').toEqualTypeOf<Tensor2D>();
export type _unused = Tensor;

// The signature's ranks are the latents' tensor types: 0 a Scalar, 'any' any rank.
const ranks = model('ranks', { s: 0, t: 'any' }, (ctx) => {
  const s = ctx.sample('s', N());
  const t = ctx.sample('t', N());
  expectTypeOf(s).toEqualTypeOf<tf.Scalar>();
  expectTypeOf(t).toEqualTypeOf<Tensor>();
});
expectTypeOf<LatentsOf<typeof ranks>>().toEqualTypeOf<{ s: tf.Scalar; t: Tensor }>();

// @ts-expect-error: a rank must be 0…6 or 'any'
model('bad-rank', { z: 7 }, () => undefined);

// A guide's arguments are the model's: no annotation needed, and another type does not compile.
export const inferred = guide(m, 'q', (ctx, x) => {
  expectTypeOf(x).toEqualTypeOf<Tensor2D>();
  return { z: ctx.sample('z', N()), w: ctx.sample('w', N()) };
});
// @ts-expect-error: the model's argument is a Tensor2D
export const wrongArgs = guide(m, 'q', (ctx, _x: string) => ({ z: ctx.sample('z', N()), w: ctx.sample('w', N()) }));

// A guide declared from a signature serves every model with those latents.
export const shared = guide({ z: 2, w: 1 }, 'shared', (ctx, _x: Tensor2D) => ({ z: ctx.sample('z', N()), w: ctx.sample('w', N()) }));
expectTypeOf<LatentsOf<typeof shared>>().toEqualTypeOf<{ z: Tensor2D; w: Tensor1D }>();
// Auxiliary (guide-only) sites are not latents: any name, an untyped tensor.
export const aux = guide(m, 'aux', (ctx) => {
  const u = ctx.auxiliary('u', N());
  expectTypeOf(u).toEqualTypeOf<Tensor>();
  return { z: ctx.sample('z', N()), w: ctx.sample('w', N()) };
});
