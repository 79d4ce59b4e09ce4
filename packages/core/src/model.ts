/**
 * The typed model DSL: {@link model} declares a directed model whose latent sites (names and
 * value types) are part of its TypeScript type; {@link guide} declares a variational
 * distribution over exactly those sites.
 *
 * @module
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import { createContext, type ModelContext, type GuideContext, type RunState } from './context.js';

/**
 * The latent sites of a model: site name → tensor type of its value.
 *
 * @category Model DSL
 */
export type LatentSpec = { readonly [name: string]: Tensor };

/**
 * Anything that runs under the handler stack: a model, a guide, or either wrapped in handlers.
 *
 * @typeParam A - argument types
 * @typeParam R - return type
 * @category Handlers
 */
export interface Runnable<A extends readonly unknown[] = readonly unknown[], R = unknown> {
  /** Runs the body once under the handlers installed now. */
  run(...args: A): R;
}

/**
 * A model: a program over {@link ModelContext} primitives whose latent sites are `L`.
 *
 * @typeParam L - latent sites (name → value type)
 * @typeParam A - arguments (usually the data)
 * @typeParam R - return value
 * @category Model DSL
 */
export interface Model<L extends LatentSpec, A extends readonly unknown[] = readonly unknown[], R = unknown>
  extends Runnable<A, R> {
  /** Discriminant. */
  readonly kind: 'model';
  /** The model's name (used in messages and graphs). */
  readonly name: string;
  /** Type-level record of the latent sites; `undefined` at run time. */
  readonly latents?: L;
  /** The program. */
  readonly body: (ctx: ModelContext<L>, ...args: A) => R;
}

/**
 * Any model, whatever its latents and arguments: what generic tools (automatic guides, graphs)
 * accept and then read the latents and arguments off with {@link LatentsOf} and {@link ArgsOf}.
 *
 * @category Model DSL
 */
export type AnyModel = Runnable<never, unknown> & { readonly kind: 'model'; readonly name: string };

/**
 * The values of every latent site: what a guide returns.
 *
 * @category Model DSL
 */
export type LatentValues<L extends LatentSpec> = { readonly [K in keyof L]: L[K] };

/**
 * A guide for latents `L`: a program over {@link GuideContext} that samples every latent site of
 * the model and returns their values. Returning a record of all latents is what makes a
 * guide that misses a latent a compile-time error; `ctx.sample` accepts only names of `L`.
 *
 * @category Model DSL
 */
export interface Guide<L extends LatentSpec, A extends readonly unknown[] = readonly unknown[]>
  extends Runnable<A, LatentValues<L>> {
  /** Discriminant. */
  readonly kind: 'guide';
  /** The guide's name. */
  readonly name: string;
  /** Type-level record of the latent sites; `undefined` at run time. */
  readonly latents?: L;
  /** The program. */
  readonly body: (ctx: GuideContext<L>, ...args: A) => LatentValues<L>;
}

/** The latent record type of a model or guide. @category Model DSL */
export type LatentsOf<M> = M extends Model<infer L, infer _A, infer _R> ? L : M extends Guide<infer L, infer _B> ? L : never;
/** The argument types of a model or guide. @category Model DSL */
export type ArgsOf<M> = M extends Runnable<infer A, infer _R> ? A : never;

function runBody<C, A extends readonly unknown[], R>(
  name: string,
  role: RunState['role'],
  body: (ctx: C, ...args: A) => R,
  args: A,
): R {
  const { ctx, state } = createContext(name, role);
  try {
    return body(ctx as C, ...args);
  } finally {
    state.active = false;
  }
}

/**
 * Declares a model. The latent sites are given as a type argument (curried, so that the
 * argument and return types are still inferred):
 *
 * @example
 * ```ts
 * import { model, tf, type Tensor1D } from '@aevb/core';
 * import { Normal } from '@aevb/distributions';
 *
 * const normalMean = model<{ mu: Tensor1D }>()('normal-mean', (ctx, x: Tensor1D) => {
 *   const mu = ctx.sample('mu', new Normal(tf.zeros([1]), tf.ones([1])));
 *   ctx.plate('data', x.shape[0], () => {
 *     ctx.observe('x', new Normal(mu, tf.scalar(1)).expand(x.shape), x);
 *   });
 * });
 * ```
 * @category Model DSL
 */
export function model<L extends LatentSpec>(): <A extends readonly unknown[], R>(
  name: string,
  body: (ctx: ModelContext<L>, ...args: A) => R,
) => Model<L, A, R> {
  return (name, body) => ({
    kind: 'model',
    name,
    body,
    run: (...args) => runBody(name, 'model', body, args),
  });
}

/**
 * Declares a guide (variational distribution) for the latents `L` of a model; pass the
 * model's latent type, e.g. `guide<LatentsOf<typeof m>>()`.
 *
 * @category Model DSL
 */
export function guide<L extends LatentSpec>(): <A extends readonly unknown[]>(
  name: string,
  body: (ctx: GuideContext<L>, ...args: A) => LatentValues<L>,
) => Guide<L, A> {
  return (name, body) => ({
    kind: 'guide',
    name,
    body,
    run: (...args) => runBody(name, 'guide', body, args),
  });
}

