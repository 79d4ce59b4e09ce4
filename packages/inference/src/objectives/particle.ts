/**
 * One particle of an SGVB objective: run the guide, replay the model against its draws, and
 * check that the two agree on the latent sites.
 *
 * @module
 */
import {
  ModelError,
  isAuxiliarySite,
  sameElementwiseBase,
  replay,
  trace,
  tf,
  type Runnable,
  type SampleSite,
  type Trace,
  latentSites,
} from '@aevb/core';

/** The traces of one particle. @category Objectives */
export interface Particle {
  /** The guide's trace: latent draws z ~ q(z | x) and their distributions. */
  readonly guide: Trace;
  /** The model's trace with the guide's draws replayed: p(x, z). */
  readonly model: Trace;
}

function shapeText(s: readonly number[]): string {
  return `[${s.join(', ')}]`;
}

/**
 * Checks what the type system cannot: every model latent has a guide site of the same
 * value shape, batch shape and support, and the guide samples no site the model observes.
 *
 * @category Objectives
 */
export function checkParticle(p: Particle, modelName: string, guideName: string): void {
  for (const ms of latentSites(p.model)) {
    const gs = p.guide[ms.name];
    if (gs === undefined || gs.type !== 'sample') {
      throw new ModelError(`is a latent site of model '${modelName}' but guide '${guideName}' does not sample it`, ms.name);
    }
    const mv = ms.value as tf.Tensor;
    const gv = gs.value as tf.Tensor;
    if (!tf.util.arraysEqual(mv.shape, gv.shape)) {
      throw new ModelError(`guide '${guideName}' draws values of shape ${shapeText(gv.shape)}, the model expects ${shapeText(mv.shape)}`, ms.name);
    }
    if (!tf.util.arraysEqual([...ms.fn.batchShape], [...gs.fn.batchShape])) {
      throw new ModelError(
        `guide distribution ${gs.fn.family} has batch shape ${shapeText(gs.fn.batchShape)} but the model's ${ms.fn.family} has ` +
          `${shapeText(ms.fn.batchShape)} (use toEvent/Independent so they agree)`,
        ms.name,
      );
    }
    if (!sameElementwiseBase(ms.fn.support, gs.fn.support)) {
      throw new ModelError(
        `guide distribution ${gs.fn.family} has support '${gs.fn.support.name}' but the model's ${ms.fn.family} has support '${ms.fn.support.name}'`,
        ms.name,
      );
    }
  }
  for (const gs of latentSites(p.guide)) {
    const ms = p.model[gs.name];
    if (ms !== undefined && ms.type === 'sample' && ms.isObserved) {
      throw new ModelError(`guide '${guideName}' samples a site that model '${modelName}' observes`, gs.name);
    }
    if (ms === undefined && !isAuxiliarySite(gs)) {
      throw new ModelError(
        `guide '${guideName}' samples a site that model '${modelName}' does not have (a guide-only variable must be declared with ctx.auxiliary)`,
        gs.name,
      );
    }
  }
}

/**
 * Runs one particle: `z ~ guide(args)`, then the model with `z` replayed.
 *
 * @category Objectives
 */
export function runParticle<A extends readonly unknown[]>(
  model: Runnable<A, unknown> & { readonly name?: string },
  guide: Runnable<A, unknown> & { readonly name?: string },
  args: A,
  check = true,
): Particle {
  const g = trace(guide).getTrace(...args);
  const m = trace(replay(model, g)).getTrace(...args);
  const p = { guide: g, model: m };
  if (check) checkParticle(p, model.name ?? 'model', guide.name ?? 'guide');
  return p;
}

/** The guide's sample sites, the model's and the matching pairs. @category Objectives */
export function guideLatents(p: Particle): SampleSite[] {
  return latentSites(p.guide);
}
