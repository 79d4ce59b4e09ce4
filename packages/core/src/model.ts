/**
 * The typed model DSL: {@link model} declares a directed model whose latent sites (names and
 * tensor ranks) are part of both its TypeScript type and its run-time signature; {@link guide}
 * declares a variational distribution over exactly those sites.
 *
 * @module
 */
import type { Scalar, Tensor, Tensor1D, Tensor2D, Tensor3D, Tensor4D, Tensor5D } from '@tensorflow/tfjs-core';
import { createContext, type ModelContext, type GuideContext, type RunState } from './context.js';
import { AevbError, ModelError } from './errors.js';

/**
 * The latent sites of a model: site name → tensor type of its value.
 *
 * @category Model DSL
 */
export type LatentSpec = { readonly [name: string]: Tensor };

/**
 * The declared rank of a latent site's value: 0 (scalar) … 6, or `'any'` when the rank is not
 * fixed.
 *
 * @category Model DSL
 */
export type LatentRank = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 'any';

/**
 * A model's run-time latent signature: every latent site's name and rank, e.g.
 * `{ mu: 0, z: 2 }` for a scalar `mu` and a matrix `z`.
 *
 * @category Model DSL
 */
export type LatentSignature = { readonly [name: string]: LatentRank };

/** The tensor type of a rank: `Scalar` for 0, `Tensor1D` for 1, …, `Tensor5D` for 5, `Tensor` for 6 and `'any'`. @category Model DSL */
export type TensorOfRank<R extends LatentRank> = R extends 0
  ? Scalar
  : R extends 1
    ? Tensor1D
    : R extends 2
      ? Tensor2D
      : R extends 3
        ? Tensor3D
        : R extends 4
          ? Tensor4D
          : R extends 5
            ? Tensor5D
            : Tensor;

/** The latent record type a signature declares. @category Model DSL */
export type LatentsOfSignature<S extends LatentSignature> = { -readonly [K in keyof S]: TensorOfRank<S[K]> };

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
  /** The latent sites and their ranks, checked on every run. */
  readonly signature: LatentSignature;
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
export type AnyModel = Runnable<never, unknown> & { readonly kind: 'model'; readonly name: string; readonly signature: LatentSignature };

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
  /** The model's latent signature: the sites this guide must sample and return, checked on every run. */
  readonly signature: LatentSignature;
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
  signature: LatentSignature,
  body: (ctx: C, ...args: A) => R,
  args: A,
): R {
  const { ctx, state } = createContext(name, role, signature);
  try {
    let value: R;
    try {
      value = body(ctx as C, ...args);
    } catch (e) {
      // A TF.js error from the body's own code (a shape mismatch in a reshape, …): say where.
      if (e instanceof AevbError || !(e instanceof Error)) throw e;
      const where = state.lastSite === undefined ? 'before its first site' : `after site '${state.lastSite}'`;
      const wrapped = new ModelError(`${role} '${name}' failed ${where}: ${e.message}`);
      Object.defineProperty(wrapped, 'cause', { value: e });
      throw wrapped;
    }
    for (const latent of Object.keys(signature)) {
      if (!state.sampled.has(latent)) {
        throw new ModelError(
          role === 'model'
            ? `is declared in the signature of model '${name}' but this run did not sample it`
            : `is a latent site of the model but guide '${name}' did not sample it`,
          latent,
        );
      }
    }
    if (role === 'guide') checkGuideReturn(name, signature, value);
    return value;
  } finally {
    state.active = false;
  }
}

function checkGuideReturn(name: string, signature: LatentSignature, value: unknown): void {
  if (value === null || typeof value !== 'object') {
    throw new ModelError(`guide '${name}' must return a record of its latent values (${Object.keys(signature).join(', ')}), got ${String(value)}`);
  }
  const rec = value as Record<string, unknown>;
  for (const k of Object.keys(signature)) {
    if (rec[k] === undefined) throw new ModelError(`guide '${name}' did not return a value for this latent site`, k);
  }
  for (const k of Object.keys(rec)) {
    if (!(k in signature)) throw new ModelError(`guide '${name}' returns a value for a site the model does not declare`, k);
  }
}

function checkSignature(name: string, signature: LatentSignature): void {
  if (signature === null || typeof signature !== 'object') {
    throw new ModelError(`model '${name}': the latent signature must be a record of site name → rank (e.g. { mu: 1 }), got ${String(signature)}`);
  }
  for (const [k, r] of Object.entries(signature)) {
    if (r !== 'any' && !(Number.isInteger(r) && r >= 0 && r <= 6)) {
      throw new ModelError(`model '${name}': the declared rank must be 0…6 or 'any', got ${String(r)}`, k);
    }
  }
}

/**
 * Declares a model: a name, the latent signature (every latent site's name and the rank of its
 * value) and the program. The signature is the model's TypeScript type (a guide that misses a
 * latent does not compile) and is checked on every run: a latent the body never samples, a
 * `sample` of an undeclared name or a value of another rank is a {@link ModelError} naming
 * the site.
 *
 * @example
 * ```ts
 * import { model, tf, type Tensor1D } from '@aevb/core';
 * import { Normal } from '@aevb/distributions';
 *
 * const normalMean = model('normal-mean', { mu: 1 }, (ctx, x: Tensor1D) => {
 *   const mu = ctx.sample('mu', new Normal(tf.zeros([1]), tf.ones([1]))); // a Tensor1D
 *   ctx.plate('data', x.shape[0], () => {
 *     ctx.observe('x', new Normal(mu, tf.scalar(1)).expand(x.shape), x);
 *   });
 * });
 * ```
 * @category Model DSL
 */
export function model<const S extends LatentSignature, A extends readonly unknown[], R>(
  name: string,
  latents: S,
  body: (ctx: ModelContext<LatentsOfSignature<S>>, ...args: A) => R,
): Model<LatentsOfSignature<S>, A, R> {
  checkSignature(name, latents);
  const signature: LatentSignature = Object.freeze({ ...latents });
  return {
    kind: 'model',
    name,
    signature,
    body,
    run: (...args: A) => runBody(name, 'model', signature, body, args),
  };
}

/**
 * Declares a guide (variational distribution) for the latents of `forModel`: its body samples
 * every latent site and returns their values. The model's argument types carry over, so the
 * body's parameters need no annotations. A guide shared by several models with the same
 * latents may be declared from the signature instead: `guide({ rate: 0 }, 'q', (ctx, x: Tensor1D) => …)`.
 *
 * @example
 * ```ts
 * import { guide, tf } from '@aevb/core';
 * import { Normal, positive } from '@aevb/distributions';
 *
 * const q = guide(normalMean, 'q', (ctx) => {
 *   const loc = ctx.param('q/loc', tf.zeros([1]));
 *   const scale = ctx.param('q/scale', tf.ones([1]), { constraint: positive });
 *   return { mu: ctx.sample('mu', new Normal(loc, scale)) };
 * });
 * ```
 * @category Model DSL
 */
export function guide<M extends AnyModel>(
  forModel: M,
  name: string,
  body: (ctx: GuideContext<LatentsOf<M>>, ...args: ArgsOf<M>) => LatentValues<LatentsOf<M>>,
): Guide<LatentsOf<M>, ArgsOf<M>>;
/** A guide for the latents of a signature (shared by models with those latents). @category Model DSL */
export function guide<const S extends LatentSignature, A extends readonly unknown[]>(
  latents: S,
  name: string,
  body: (ctx: GuideContext<LatentsOfSignature<S>>, ...args: A) => LatentValues<LatentsOfSignature<S>>,
): Guide<LatentsOfSignature<S>, A>;
export function guide(
  source: AnyModel | LatentSignature,
  name: string,
  body: (ctx: GuideContext<LatentSpec>, ...args: readonly unknown[]) => LatentValues<LatentSpec>,
): Guide<LatentSpec, readonly unknown[]> {
  const isModel = (source as Partial<AnyModel>).kind === 'model' && typeof (source as Partial<AnyModel>).run === 'function';
  const signature = isModel ? (source as AnyModel).signature : source as LatentSignature;
  if (!isModel) checkSignature(name, signature);
  return {
    kind: 'guide',
    name,
    signature,
    body,
    run: (...args: readonly unknown[]) => runBody(name, 'guide', signature, body, args),
  };
}
