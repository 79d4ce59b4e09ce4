/**
 * The plan of a model's data, derived once from a traced run: which plate the data's rows run
 * through (so minibatches scale by N/M and carry their row positions), which parameters are
 * per-member (so they can follow a minibatch, and describe only the data they were fitted on),
 * and which latents are local to the rows.
 *
 * @module
 */
import { ModelError, isAuxiliarySite, latentSites, observedSites, tf, type PlateFrame, type Tensor, type Trace } from '@aevb/core';
import type { Batch } from './data.js';

/** A per-member parameter: one value per member of `plate`. @category Fitting */
export interface PerMemberParam {
  /** The parameter's name. */
  readonly param: string;
  /** The plate whose members it follows. */
  readonly plate: string;
}

/**
 * What fitting and evaluation know of a model's data, derived from the first traced run.
 * Plain data (serializable).
 *
 * @category Fitting
 */
export interface DataPlan {
  /**
   * The plate over the data's rows (first axis of the batch): minibatches subsample it.
   * `undefined` when the rows do not run through a plate (then the rows must be fitted and
   * evaluated all at once, in order).
   */
  readonly plate: string | undefined;
  /** Why there is no data plate (names the site), when `plate` is undefined. */
  readonly noPlateReason: string | undefined;
  /** Parameters with one value per member of a plate (`ctx.param(…, { eventDim })`). */
  readonly perMember: readonly PerMemberParam[];
  /** The model's latent sites inside the data plate (one value per row). */
  readonly localLatents: readonly string[];
  /** The model's latent sites outside the data plate (shared by all rows). */
  readonly globalLatents: readonly string[];
  /** Guide-only latent sites (auxiliary variables), with the plates they sit in. */
  readonly auxiliary: readonly { readonly name: string; readonly plates: readonly string[] }[];
  /** Observed sites outside the data plate (data not split by rows). */
  readonly globalObserved: readonly string[];
  /** The model's deterministic sites. */
  readonly deterministic: readonly string[];
}

function batchTensors(batch: Batch): [string, Tensor][] {
  return batch instanceof tf.Tensor ? [['data', batch]] : Object.entries(batch);
}

function rowsOf(batch: Batch): number {
  return (batchTensors(batch)[0]?.[1].shape[0] ?? 0) as number;
}

/** The frame covering axis 0 of an observed value (its rows), if any. */
function rowFrame(value: Tensor, eventRank: number, plates: readonly PlateFrame[]): PlateFrame | undefined {
  const batchRank = value.rank - eventRank;
  return plates.find((f) => batchRank + f.dim === 0);
}

/**
 * The data plate of a model run on `batch`: the plate covering the first axis of every observed
 * site whose value is one of the batch's tensors; failing that (the model transforms its data),
 * the one plate with observed sites whose size is the number of rows. `requested` (the SVI's
 * `plate` option) must name a plate with observed sites.
 *
 * @category Fitting
 */
export function findDataPlate(model: Trace, batch: Batch, requested?: string): { plate: string | undefined; reason: string | undefined } {
  const observed = observedSites(model);
  const withData = new Set(observed.flatMap((s) => s.plates.map((p) => p.name)));
  if (requested !== undefined) {
    if (!withData.has(requested)) {
      throw new ModelError(
        `the data plate '${requested}' (the 'plate' option) holds no observed site of this model (plates with data: ${[...withData].join(', ') || 'none'})`,
      );
    }
    return { plate: requested, reason: undefined };
  }
  const tensors = new Set(batchTensors(batch).map(([, t]) => t));
  const covering = new Set<string>();
  for (const s of observed) {
    const v = s.value as Tensor;
    if (!tensors.has(v)) continue;
    const f = rowFrame(v, s.fn.eventShape.length, s.plates);
    if (f === undefined) return { plate: undefined, reason: `site '${s.name}' observes the data's rows outside any plate over them` };
    covering.add(f.name);
  }
  if (covering.size === 1) return { plate: [...covering][0], reason: undefined };
  if (covering.size > 1) return { plate: undefined, reason: `the data's rows run through several plates (${[...covering].join(', ')}); name one with the 'plate' option` };
  const rows = rowsOf(batch);
  const bySize = new Set(observed.flatMap((s) => s.plates.filter((p) => p.size === rows).map((p) => p.name)));
  if (bySize.size === 1) return { plate: [...bySize][0], reason: undefined };
  if (bySize.size > 1) return { plate: undefined, reason: `plates ${[...bySize].join(', ')} all have one member per data row; name the data plate with the 'plate' option` };
  return { plate: undefined, reason: observed.length === 0 ? 'the model observes no data' : 'no plate with observed sites has one member per data row' };
}

/**
 * The data plan of a model and guide run once on `batch` (the guide's draws replayed into the
 * model).
 *
 * @category Fitting
 */
export function planData(model: Trace, guide: Trace, batch: Batch, requested?: string): DataPlan {
  const { plate, reason } = findDataPlate(model, batch, requested);
  const perMember: PerMemberParam[] = [];
  for (const t of [guide, model]) {
    for (const s of Object.values(t)) {
      if (s.type !== 'param' || s.eventDim === undefined) continue;
      for (const f of s.plates) perMember.push({ param: s.name, plate: f.name });
    }
  }
  const local: string[] = [];
  const global: string[] = [];
  for (const s of latentSites(model)) (plate !== undefined && s.plates.some((p) => p.name === plate) ? local : global).push(s.name);
  const auxiliary = latentSites(guide)
    .filter((s) => isAuxiliarySite(s))
    .map((s) => ({ name: s.name, plates: s.plates.map((p) => p.name) }));
  const globalObserved = observedSites(model)
    .filter((s) => plate === undefined || !s.plates.some((p) => p.name === plate))
    .map((s) => s.name);
  const deterministic = Object.values(model)
    .filter((s) => s.type === 'deterministic')
    .map((s) => s.name);
  return { plate, noPlateReason: reason, perMember, localLatents: local, globalLatents: global, auxiliary, globalObserved, deterministic };
}

/**
 * Can importance weights be formed per datapoint? Yes when every site (model latents, observed
 * data, auxiliary guide sites) is inside the data plate: datapoints are then independent given
 * θ and q factorizes over them.
 *
 * @category Fitting
 */
export function perDatumWeights(plan: DataPlan): boolean {
  return (
    plan.plate !== undefined &&
    plan.globalLatents.length === 0 &&
    plan.globalObserved.length === 0 &&
    plan.auxiliary.every((a) => a.plates.includes(plan.plate as string))
  );
}
