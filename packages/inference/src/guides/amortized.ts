/**
 * The automatic amortized guide: the AEVB recognition model, derived from the model.
 *
 * @module
 */
import {
  guide as defineGuide,
  mlp,
  ModelError,
  tf,
  type Activation,
  type AnyModel,
  type ArgsOf,
  type Guide,
  type GuideContext,
  type Initializer,
  type LatentsOf,
  type LatentSpec,
  type LatentValues,
  type Tensor,
  type Tensor2D,
} from '@aevb/core';
import { autoNormal, inPlates } from './auto-normal.js';
import { prototypeOf, type LatentInfo, type Prototype } from './prototype.js';
import { findDataPlate } from '../fit/data-plan.js';
import type { Batch } from '../fit/data.js';
import { baseSupport, normalOnSupport, supportTransform, unconstrainedShape } from './transforms.js';

/** Options of {@link autoAmortized}. @category Guides */
export interface AmortizedOptions<A extends readonly unknown[] = readonly unknown[]> {
  /** Hidden layer sizes of the encoder. Default `[500]` (the paper's MNIST setting). */
  readonly hidden?: readonly number[];
  /** Hidden activation. Default `'tanh'` (the paper's). */
  readonly activation?: Activation;
  /** Weight initializer (default Glorot uniform; the paper's is `normal(0.01)`). */
  readonly init?: Initializer;
  /** The plate over the data's rows. Default: found as fitting finds it (the plate over the first axis of the observed data). */
  readonly plate?: string;
  /**
   * How the encoder's output becomes a scale: `'exp'` reads it as log σ² (the paper's
   * recognition model), `'softplus'` as softplus⁻¹(σ). Default `'exp'`.
   */
  readonly scale?: 'exp' | 'softplus';
  /**
   * The encoder's input, one row per datapoint. Default: the observed values of the plate,
   * flattened per datapoint and concatenated, found in the model's arguments.
   */
  readonly inputs?: (...args: A) => Tensor2D;
  /** Prefix of parameter names. Default `'encoder'`. */
  readonly prefix?: string;
}

/** Any model (its latents and arguments are read off its type). */
type Path = readonly (number | string)[];

function findPath(args: readonly unknown[], value: Tensor): Path | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === value) return [i];
    if (a !== null && typeof a === 'object' && !(a instanceof tf.Tensor)) {
      for (const [k, v] of Object.entries(a as Record<string, unknown>)) if (v === value) return [i, k];
    }
  }
  return undefined;
}

function follow(args: readonly unknown[], path: Path): Tensor {
  let v: unknown = args;
  for (const k of path) v = (v as Record<string | number, unknown>)[k];
  return v as Tensor;
}

interface Plan {
  readonly plate: string;
  /** `free`: the unconstrained shape of one datum's value (the simplex's K−1), `perDatum` its size. */
  readonly local: readonly (LatentInfo & { readonly perDatum: number; readonly dim: number; readonly free: readonly number[] })[];
  readonly global: readonly LatentInfo[];
  readonly inputPaths: readonly Path[];
  readonly inputSize: number;
}

function planOf(modelName: string, proto: Prototype, args: readonly unknown[], options: AmortizedOptions<never>): Plan {
  const { plate, reason } = findDataPlate(proto.trace, args[0] as Batch, options.plate);
  if (plate === undefined) {
    throw new ModelError(`autoAmortized: model '${modelName}' has no plate over the data's rows to encode (${reason ?? 'no data plate'}); pass { plate } or write the rows in a ctx.plate`);
  }
  const local = [];
  const global = [];
  for (const l of proto.latents) {
    const frame = l.plates.find((p) => p.name === plate);
    if (frame === undefined) {
      global.push(l);
      continue;
    }
    const axis = l.shape.length - l.eventRank + frame.dim;
    if (axis !== 0) {
      throw new ModelError(`autoAmortized: plate '${plate}' must index the first axis of the value (shape [${l.shape.join(', ')}], plate dim ${frame.dim})`, l.name);
    }
    const free = unconstrainedShape(l.shape, supportTransform(l.name, l.prior.support)).slice(1);
    local.push({ ...l, perDatum: free.reduce((a, b) => a * b, 1), dim: frame.dim, free });
  }
  if (local.length === 0) throw new ModelError(`autoAmortized: model '${modelName}' has no latent site inside plate '${plate}'`);
  const inputPaths: Path[] = [];
  let inputSize = 0;
  if (options.inputs === undefined) {
    for (const s of proto.observed) {
      if (!s.plates.some((p) => p.name === plate)) continue;
      const v = s.value as Tensor;
      const path = findPath(args, v);
      if (path === undefined) {
        throw new ModelError(
          `autoAmortized: observed data of this site is not one of the model's arguments (or a property of one); pass { inputs: (...args) => Tensor2D }`,
          s.name,
        );
      }
      inputPaths.push(path);
      inputSize += v.size / (v.shape[0] ?? 1);
    }
  } else {
    inputSize = (options.inputs as (...a: readonly unknown[]) => Tensor2D)(...args).shape[1];
  }
  return { plate, local, global, inputPaths, inputSize };
}

/**
 * The automatic amortized guide (AEVB's recognition model q_φ(z | x)), derived from the model
 * with no user code: for the latent sites inside the data plate it builds one encoder MLP
 * from the plate's observed data (flattened per datapoint) to the parameters of a Gaussian
 * per site (mean and log-variance heads, the paper's appendix C.2), pushed through each
 * site's support bijector. Latents outside the plate get a mean-field {@link autoNormal}.
 *
 * Posterior inference for a new datapoint is one forward pass of the encoder
 * (see `encode`).
 *
 * @example
 * ```ts
 * const q = autoAmortized(vae, { hidden: [500], activation: 'tanh' });
 * ```
 * @category Guides
 */
export function autoAmortized<M extends AnyModel>(model: M, options: AmortizedOptions<ArgsOf<M>> = {}): Guide<LatentsOf<M>, ArgsOf<M>> {
  const prefix = options.prefix ?? 'encoder';
  const useExp = (options.scale ?? 'exp') === 'exp';
  let plan: Plan | undefined;
  let globals: { readonly body: (ctx: GuideContext<LatentSpec>, ...args: readonly never[]) => LatentValues<LatentSpec> } | undefined;
  const body = (ctx: GuideContext<LatentSpec>, ...args: readonly never[]): LatentValues<LatentSpec> => {
    if (plan === undefined) {
      plan = planOf(model.name, prototypeOf(model, args), args, options as AmortizedOptions<never>);
      if (plan.global.length > 0) globals = autoNormal(model, { prefix: `${prefix}/global`, sites: plan.global.map((l) => l.name) }) as unknown as typeof globals;
    }
    const p = plan;
    const x = tf.tidy(() => {
      if (options.inputs !== undefined) return (options.inputs as (...a: readonly unknown[]) => Tensor2D)(...args);
      const parts = p.inputPaths.map((path) => {
        const v = follow(args, path);
        return v.rank === 2 ? v : tf.reshape(v, [v.shape[0] ?? 1, -1]);
      });
      return parts.length === 1 ? (parts[0] as Tensor2D) : (tf.concat(parts, 1) as Tensor2D);
    });
    const M = x.shape[0];
    const outSize = p.local.reduce((n, l) => n + 2 * l.perDatum, 0);
    const encoder = ctx.net(
      prefix,
      mlp({
        sizes: [p.inputSize, ...(options.hidden ?? [500]), outSize],
        activation: options.activation ?? 'tanh',
        outputActivation: 'identity',
        ...(options.init === undefined ? {} : { init: options.init }),
      }),
    );
    const h = encoder(x);
    const out: Record<string, Tensor> = {};
    const pieces = tf.split(h, p.local.flatMap((l) => [l.perDatum, l.perDatum]), 1);
    p.local.forEach((l, i) => {
      const shape = [M, ...l.free];
      const raw = pieces[2 * i + 1] as Tensor;
      const loc = tf.reshape(pieces[2 * i] as Tensor, shape);
      const scale = tf.reshape(useExp ? tf.exp(tf.mul(raw, 0.5)) : tf.softplus(raw), shape);
      const transform = supportTransform(l.name, l.prior.support);
      const q = normalOnSupport(l.name, loc, scale, transform, l.eventRank, baseSupport(l.prior.support));
      // The data plate holds this batch's M rows (opened at M; a subsample maps it to its members).
      const plates = l.plates.map((f) => (f.name === p.plate ? { ...f, fullSize: M } : f));
      out[l.name] = inPlates(ctx, plates, () => ctx.sample(l.name, q));
    });
    if (globals !== undefined) Object.assign(out, globals.body(ctx, ...args));
    return out;
  };
  return defineGuide(model, `autoAmortized(${model.name})`, body as never) as Guide<LatentsOf<M>, ArgsOf<M>>;
}
