/**
 * What wake-sleep reads off the traces: which parameters are generative (θ) and which are
 * recognition (φ), and where the observed data sit in the arguments (to swap in fantasies).
 *
 * @module
 */
import { ModelError, observedSites, tf, type Tensor, type Trace } from '@aevb/core';
import type { Batch } from '../fit/data.js';

/** The parameter names of the generative model (θ) and of the recognition model (φ). @category Wake-sleep */
export interface ParameterSplit {
  /** Parameters read by the model run: updated by the wake phase. */
  readonly model: readonly string[];
  /** Parameters read by the guide run: updated by the sleep phase. */
  readonly guide: readonly string[];
}

function paramNames(t: Trace): string[] {
  return Object.values(t)
    .filter((s) => s.type === 'param')
    .map((s) => s.name);
}

/**
 * Splits parameters by the traces that read them: param sites of the model run are θ, those
 * of the guide run are φ. A parameter read by both cannot follow two objectives at once.
 *
 * @throws ModelError naming a parameter that both runs read
 * @category Wake-sleep
 */
export function splitParameters(modelTrace: Trace, guideTrace: Trace, modelName: string, guideName: string): ParameterSplit {
  const model = paramNames(modelTrace);
  const guide = paramNames(guideTrace);
  const shared = model.find((n) => guide.includes(n));
  if (shared !== undefined) {
    throw new ModelError(
      `is a parameter of both model '${modelName}' and guide '${guideName}'; wake-sleep updates θ (wake) and φ (sleep) by different objectives, so they must be disjoint`,
      shared,
    );
  }
  return { model, guide };
}

/** Where one observed site's data sit in a batch: the batch itself, or one of its properties. @category Wake-sleep */
export interface DataSlot {
  /** The observed site. */
  readonly site: string;
  /** The batch property holding its data (`undefined`: the batch is the data). */
  readonly key: string | undefined;
}

/**
 * Finds, for every observed site of a model trace, the batch tensor (or batch property) that
 * holds its data, so that sleep-phase fantasies can replace it.
 *
 * @throws ModelError when an observed value is not the batch or one of its properties
 * @category Wake-sleep
 */
export function dataSlots(modelTrace: Trace, batch: Batch): DataSlot[] {
  return observedSites(modelTrace).map((s) => {
    if (s.value === batch) return { site: s.name, key: undefined };
    if (!(batch instanceof tf.Tensor)) {
      const hit = Object.entries(batch).find(([, v]) => v === s.value);
      if (hit !== undefined) return { site: s.name, key: hit[0] };
    }
    throw new ModelError(
      "observed data is not the batch (or one of its properties), so wake-sleep cannot put fantasy data in its place; pass { fantasy: (values, batch) => batch' }",
      s.name,
    );
  });
}

/** The batch with each slot's data replaced by the fantasy value of its site. @category Wake-sleep */
export function fantasyBatch<D extends Batch>(slots: readonly DataSlot[], values: Readonly<Record<string, Tensor>>, batch: D): D {
  const whole = slots.find((s) => s.key === undefined);
  if (whole !== undefined) return values[whole.site] as D;
  const out: Record<string, Tensor> = { ...(batch as Record<string, Tensor>) };
  for (const s of slots) out[s.key as string] = values[s.site] as Tensor;
  return out as D;
}
