/**
 * The primitives a model or guide body calls: `sample`, `observe`, `param`, `net`, `plate`,
 * `deterministic`. Each call builds one site record and sends it through the handler stack.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Constraint, Distribution, Transform } from './distribution.js';
import { ModelError, formatShape } from './errors.js';
import type { Module } from './nn/module.js';
import { nextGlobalSeed } from './random.js';
import { applyStack, currentPlateHandlers } from './runtime.js';
import type { DeterministicSite, Draft, ParamSite, PlateFrame, SampleSite } from './site.js';
import { getParamStore } from './params/store.js';
import { validationEnabled } from './config.js';
import type { LatentSpec } from './model.js';

/** Options of `ctx.sample`. @category Model DSL */
export interface SampleSiteOptions {
  /** Annotations for inference algorithms (e.g. `{ estimator: 'score-function' }`). */
  readonly infer?: Readonly<Record<string, string | number | boolean>>;
}

/** Options of `ctx.param`. @category Model DSL */
export interface ParamOptions {
  /** The set the value lives in; storage is unconstrained through the constraint's default transform. */
  readonly constraint?: Constraint;
  /** An explicit transform from unconstrained storage (instead of a constraint's default). */
  readonly transform?: Transform;
}

/** Options of `ctx.plate`. @category Model DSL */
export interface PlateOptions {
  /** Size of the full data set when only `size` members are present (log-densities scale by fullSize/size). */
  readonly fullSize?: number;
  /** Batch dimension the plate indexes (negative); default: the next free one from the right. */
  readonly dim?: number;
}

/** A first value for a parameter: a tensor, a number, or a function of a seed. @category Model DSL */
export type ParamInit = Tensor | number | ((seed: number) => Tensor);

/**
 * The primitives available inside a guide body: like {@link ModelContext} without `observe`.
 *
 * @typeParam L - the latent sites the guide must provide
 * @category Model DSL
 */
export interface GuideContext<L extends LatentSpec> {
  /** Draws latent site `name` from `dist` (reparameterized when the family allows it). */
  sample<K extends keyof L & string>(name: K, dist: Distribution, options?: SampleSiteOptions): L[K];
  /** A named parameter from the parameter store (created from `init` on first use). */
  param(name: string, init: ParamInit, options?: ParamOptions): Tensor;
  /** Registers a module's parameters under `name/…` and returns the module as a function. */
  net<In, Out>(name: string, module: Module<In, Out>): (input: In) => Out;
  /** Runs `body` inside a plate of `size` conditionally independent members. */
  plate<R>(name: string, size: number, body: () => R, options?: PlateOptions): R;
  /** Records a named function of other sites. */
  deterministic<T extends Tensor>(name: string, value: T): T;
}

/**
 * The primitives available inside a model body.
 *
 * @typeParam L - the model's latent sites
 * @category Model DSL
 */
export interface ModelContext<L extends LatentSpec> extends GuideContext<L> {
  /** Scores observed `value` under `dist`; returns the value. */
  observe<V extends Tensor>(name: string, dist: Distribution, value: V, options?: SampleSiteOptions): V;
}

/** Per-run bookkeeping. @internal */
export interface RunState {
  active: boolean;
  readonly role: 'model' | 'guide';
  readonly runName: string;
  readonly names: Set<string>;
  readonly plates: PlateFrame[];
}

function emptyInfer(): Readonly<Record<string, string | number | boolean>> {
  return {};
}

function checkPlates(site: string, dist: Distribution, plates: readonly PlateFrame[]): void {
  const batch = dist.batchShape;
  for (const p of plates) {
    const i = batch.length + p.dim;
    if (i < 0) {
      throw new ModelError(
        `is inside plate '${p.name}' (size ${p.size}, dim ${p.dim}) but its distribution ${dist.family} has batch shape ` +
          `${formatShape(batch)} with no dim ${p.dim}; give the distribution that batch dimension (e.g. .expand)`,
        site,
      );
    }
    const b = batch[i] as number;
    if (b !== p.size) {
      throw new ModelError(
        `plate '${p.name}' has size ${p.size} but the distribution ${dist.family} has size ${b} at dim ${p.dim} ` +
          `(batch shape ${formatShape(batch)})`,
        site,
      );
    }
  }
}

function checkObserved(site: string, dist: Distribution, value: Tensor): void {
  const want = [...dist.batchShape, ...dist.eventShape];
  const got = value.shape;
  if (want.length !== got.length || want.some((d, i) => d !== got[i])) {
    throw new ModelError(
      `observed value has shape ${formatShape(got)} but ${dist.family} has batch shape ${formatShape(dist.batchShape)} ` +
        `and event shape ${formatShape(dist.eventShape)}, so values of shape ${formatShape(want)}`,
      site,
    );
  }
  if (validationEnabled()) {
    const bad = tf.tidy(() => tf.logicalNot(tf.all(tf.isFinite(value))).dataSync()[0]);
    if (bad !== 0) throw new ModelError('observed value contains NaN or Infinity', site);
  }
}

/** Creates the context object of one run. @internal */
export function createContext<L extends LatentSpec>(
  runName: string,
  role: RunState['role'],
): { ctx: ModelContext<L>; state: RunState } {
  const state: RunState = { active: true, role, runName, names: new Set(), plates: [] };

  const claim = (name: string, primitive: string): void => {
    if (!state.active) {
      throw new ModelError(`${primitive}('${name}') was called outside a run of ${role} '${runName}'`, name);
    }
    if (state.names.has(name)) {
      throw new ModelError(`duplicate site name in one run of ${role} '${runName}'`, name);
    }
    state.names.add(name);
  };

  const sampleSite = (name: string, dist: Distribution, value: Tensor | undefined, options?: SampleSiteOptions): Tensor => {
    const plates = state.plates.slice();
    checkPlates(name, dist, plates);
    let scale = 1;
    for (const p of plates) scale *= p.fullSize / p.size;
    const initial: SampleSite = {
      type: 'sample',
      name,
      fn: dist,
      value,
      isObserved: value !== undefined,
      scale,
      mask: undefined,
      plates,
      seed: undefined,
      reparameterize: true,
      stop: false,
      logProb: undefined,
      infer: options?.infer ?? emptyInfer(),
    };
    const site = applyStack(initial, (d: Draft<SampleSite>) => {
      const seed = d.seed ?? nextGlobalSeed();
      d.value = d.reparameterize && d.fn.hasRsample ? d.fn.rsample({ seed }) : d.fn.sample({ seed });
    });
    return site.value as Tensor;
  };

  const param = (name: string, init: ParamInit, options?: ParamOptions): Tensor => {
    claim(name, 'param');
    const initFn: (seed: number) => Tensor =
      typeof init === 'function' ? init : typeof init === 'number' ? () => tf.scalar(init) : () => init;
    const initial: ParamSite = {
      type: 'param',
      name,
      value: undefined,
      init: initFn,
      constraint: options?.constraint,
      transform: options?.transform,
      plates: state.plates.slice(),
      seed: undefined,
      stop: false,
    };
    const site = applyStack(initial, (d: Draft<ParamSite>) => {
      d.value = getParamStore().get(d.name, {
        init: initFn,
        seed: d.seed ?? nextGlobalSeed(),
        constraint: d.constraint,
        transform: d.transform,
      });
    });
    return site.value as Tensor;
  };

  const ctx: ModelContext<L> = {
    sample<K extends keyof L & string>(name: K, dist: Distribution, options?: SampleSiteOptions): L[K] {
      claim(name, 'sample');
      return sampleSite(name, dist, undefined, options) as L[K];
    },
    observe<V extends Tensor>(name: string, dist: Distribution, value: V, options?: SampleSiteOptions): V {
      claim(name, 'observe');
      if (value === undefined || value === null) throw new ModelError('observe needs a value (the data)', name);
      checkObserved(name, dist, value);
      return sampleSite(name, dist, value, options) as V;
    },
    param,
    net<In, Out>(name: string, module: Module<In, Out>): (input: In) => Out {
      const values: Record<string, Tensor> = {};
      for (const spec of module.params()) {
        values[spec.name] = param(`${name}/${spec.name}`, (seed) => spec.init(spec.shape, seed));
      }
      return (input: In) => module.apply(values, input);
    },
    plate<R>(name: string, size: number, body: () => R, options?: PlateOptions): R {
      if (!state.active) throw new ModelError(`plate('${name}') was called outside a run of ${role} '${runName}'`, name);
      if (!Number.isInteger(size) || size < 1) {
        throw new ModelError(`plate size must be a positive integer, got ${size}`, name);
      }
      if (state.plates.some((p) => p.name === name)) throw new ModelError('plate is already open (nested twice)', name);
      const used = new Set(state.plates.map((p) => p.dim));
      let dim = options?.dim ?? -1;
      if (options?.dim === undefined) while (used.has(dim)) dim--;
      else if (used.has(dim)) throw new ModelError(`plate dim ${dim} is already used by an enclosing plate`, name);
      let frame: PlateFrame = { name, size, fullSize: options?.fullSize ?? size, dim };
      for (const h of currentPlateHandlers()) frame = h(frame);
      if (frame.fullSize < frame.size) {
        throw new ModelError(`plate has ${frame.size} members present but a full size of only ${frame.fullSize}`, name);
      }
      state.plates.push(frame);
      try {
        return body();
      } finally {
        state.plates.pop();
      }
    },
    deterministic<T extends Tensor>(name: string, value: T): T {
      claim(name, 'deterministic');
      const initial: DeterministicSite = { type: 'deterministic', name, value, plates: state.plates.slice(), stop: false };
      applyStack(initial, () => {});
      return value;
    },
  };
  return { ctx, state };
}
