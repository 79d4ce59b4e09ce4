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
import { applyStack } from './runtime.js';
import type { DeterministicSite, Draft, ParamSite, PlateFrame, SampleSite } from './site.js';
import { getParamStore } from './params/store.js';
import { readParam } from './params/read.js';
import { currentParamStore } from './handlers/params.js';
import { currentParticles } from './handlers/vectorize.js';
import { validationEnabled } from './config.js';
import type { LatentSignature, LatentSpec } from './model.js';
import { checkPlates, openFrame, type PlateOptions } from './plate.js';
import { Factor } from './factor.js';

export type { PlateOptions } from './plate.js';

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
  /**
   * Declares a per-member parameter: one value per member of every enclosing plate, each of
   * `eventDim` rightmost dimensions. The initial value spans the plates' full sizes; when a
   * plate holds a minibatch, the parameter's members for that minibatch are gathered by the
   * plate's subsample positions (as Pyro's `event_dim`). Without it, a parameter is shared by
   * all members.
   */
  readonly eventDim?: number;
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
  /**
   * Draws a guide-only latent (an auxiliary variable the model does not have); its
   * log-density enters every bound as part of log q. Use it when the model latents are
   * deterministic functions of it whose sites carry the rest of the density (as
   * `autoMultivariateNormal` does). Not returned by the guide and not reported by `encode`.
   */
  auxiliary(name: string, dist: Distribution, options?: SampleSiteOptions): Tensor;
  /** A named parameter from the parameter store (created from `init` on first use). */
  param(name: string, init: ParamInit, options?: ParamOptions): Tensor;
  /** Registers a module's parameters under `name/…` and returns the module as a function. */
  net<In, Out>(name: string, module: Module<In, Out>): (input: In) => Out;
  /**
   * Runs `body` inside a plate of `size` conditionally independent members; `body` receives
   * the plate's frame (its present members' positions are `frame.subsample`).
   */
  plate<R>(name: string, size: number, body: (frame: PlateFrame) => R, options?: PlateOptions): R;
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
  /**
   * Adds an arbitrary term `logWeight` to log p(x, z) (Pyro's `factor`): a site with no value,
   * scaled, masked, blocked and traced like an observation. Its shape is its batch shape, so
   * inside a plate it holds one term per member. Use it for soft constraints, penalties, or a
   * likelihood written by hand.
   */
  factor(name: string, logWeight: Tensor): void;
}

/** Per-run bookkeeping. @internal */
export interface RunState {
  active: boolean;
  readonly role: 'model' | 'guide';
  readonly runName: string;
  readonly signature: LatentSignature;
  readonly names: Set<string>;
  /** Latent names of the signature sampled so far. */
  readonly sampled: Set<string>;
  readonly plates: PlateFrame[];
  /** The last site claimed (for errors raised by the body's own code). */
  lastSite: string | undefined;
}

function checkObserved(site: string, dist: Distribution, value: Tensor): void {
  let want = [...dist.batchShape, ...dist.eventShape];
  const got = value.shape;
  const particles = currentParticles();
  if (particles !== undefined && want.length === got.length + 1) {
    // In a vectorized run the distribution may carry the particle dimension the data lack.
    const at = dist.batchShape.length + particles.dim;
    if (at >= 0 && want[at] === particles.count) want = want.filter((_, i) => i !== at);
  }
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

const NO_INFER: Readonly<Record<string, string | number | boolean>> = Object.freeze({});

/** Creates the context object of one run. @internal */
export function createContext<L extends LatentSpec>(
  runName: string,
  role: RunState['role'],
  signature: LatentSignature,
): { ctx: ModelContext<L>; state: RunState } {
  const state: RunState = { active: true, role, runName, signature, names: new Set(), sampled: new Set(), plates: [], lastSite: undefined };
  const what = `${role} '${runName}'`;

  const claim = (name: string, primitive: string): void => {
    if (!state.active) throw new ModelError(`${primitive}('${name}') was called outside a run of ${what}`, name);
    if (typeof name !== 'string' || name.length === 0) throw new ModelError(`${primitive} needs a non-empty site name in ${what}, got ${String(name)}`);
    if (state.names.has(name)) throw new ModelError(`duplicate site name in one run of ${what}`, name);
    state.names.add(name);
    state.lastSite = name;
  };

  const checkRank = (name: string, value: Tensor): void => {
    const rank = signature[name];
    if (rank === undefined || rank === 'any') return;
    const particles = currentParticles();
    // A vectorized run gives every latent the particle dimension at `dim` (and size-1 dimensions
    // between it and the latent's own batch dimensions): between rank and rank − dim.
    if (particles === undefined ? value.rank === rank : value.rank > rank && value.rank <= rank - particles.dim) return;
    throw new ModelError(
      `is declared with rank ${rank} in the signature of ${role === 'model' ? what : `the model of ${what}`} but its value has shape ` +
        `${formatShape(value.shape)} (rank ${value.rank})`,
      name,
    );
  };

  const sampleSite = (name: string, dist: Distribution, value: Tensor | undefined, infer: SampleSite['infer']): Tensor => {
    const plates = state.plates.slice();
    checkPlates(name, dist, plates);
    const initial: SampleSite = {
      type: 'sample',
      name,
      fn: dist,
      value,
      isObserved: value !== undefined,
      scale: 1,
      mask: undefined,
      plates,
      seed: undefined,
      reparameterize: true,
      stop: false,
      logProb: undefined,
      infer,
    };
    const site = applyStack(initial, (d: Draft<SampleSite>) => {
      const seed = d.seed ?? nextGlobalSeed();
      d.value = d.reparameterize && d.fn.hasRsample ? d.fn.rsample({ seed }) : d.fn.sample({ seed });
    });
    return site.value as Tensor;
  };

  const latent = (name: string, dist: Distribution, options: SampleSiteOptions | undefined): Tensor => {
    claim(name, 'sample');
    if (!(name in signature)) {
      const declared = Object.keys(signature).join(', ') || 'none';
      throw new ModelError(
        role === 'model'
          ? `is not a latent site of model '${runName}' (its signature declares: ${declared}); add it to the signature`
          : `is not a latent site of the model of guide '${runName}' (the model declares: ${declared}); use ctx.auxiliary for a guide-only variable`,
        name,
      );
    }
    const v = sampleSite(name, dist, undefined, options?.infer ?? NO_INFER);
    checkRank(name, v);
    state.sampled.add(name);
    return v;
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
      eventDim: options?.eventDim,
      plates: state.plates.slice(),
      seed: undefined,
      stop: false,
    };
    const site = applyStack(initial, (d: Draft<ParamSite>) => {
      d.value = readParam(currentParamStore() ?? getParamStore(), d as ParamSite);
    });
    return site.value as Tensor;
  };

  const ctx: ModelContext<L> = {
    sample<K extends keyof L & string>(name: K, dist: Distribution, options?: SampleSiteOptions): L[K] {
      return latent(name, dist, options) as L[K];
    },
    auxiliary(name: string, dist: Distribution, options?: SampleSiteOptions): Tensor {
      claim(name, 'auxiliary');
      if (role !== 'guide') throw new ModelError(`auxiliary sites belong in guides; model '${runName}' should declare '${name}' in its signature and sample it`, name);
      if (name in signature) throw new ModelError(`is a latent site of the model; sample it with ctx.sample, not ctx.auxiliary`, name);
      return sampleSite(name, dist, undefined, { ...(options?.infer ?? {}), auxiliary: true });
    },
    observe<V extends Tensor>(name: string, dist: Distribution, value: V, options?: SampleSiteOptions): V {
      claim(name, 'observe');
      if (role !== 'model') throw new ModelError(`guides cannot observe data (guide '${runName}')`, name);
      if (name in signature) throw new ModelError(`is declared as a latent in the signature of model '${runName}' but observed; remove it from the signature or condition on it`, name);
      if (value === undefined || value === null) throw new ModelError('observe needs a value (the data)', name);
      checkObserved(name, dist, value);
      return sampleSite(name, dist, value, options?.infer ?? NO_INFER) as V;
    },
    factor(name: string, logWeight: Tensor): void {
      claim(name, 'factor');
      if (role !== 'model') throw new ModelError(`factor sites belong in models (guide '${runName}')`, name);
      if (!(logWeight instanceof tf.Tensor)) throw new ModelError(`factor needs a tensor log-weight, got ${typeof logWeight}`, name);
      const dist = new Factor(logWeight);
      sampleSite(name, dist, dist.sample(), { factor: true });
    },
    param,
    net<In, Out>(name: string, module: Module<In, Out>): (input: In) => Out {
      const values: Record<string, Tensor> = {};
      for (const spec of module.params()) {
        values[spec.name] = param(`${name}/${spec.name}`, (seed) => spec.init(spec.shape, seed));
      }
      return (input: In) => module.apply(values, input);
    },
    plate<R>(name: string, size: number, body: (frame: PlateFrame) => R, options?: PlateOptions): R {
      if (!state.active) throw new ModelError(`plate('${name}') was called outside a run of ${what}`, name);
      const frame = openFrame(name, size, state.plates, options);
      state.plates.push(frame);
      try {
        return body(frame);
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
