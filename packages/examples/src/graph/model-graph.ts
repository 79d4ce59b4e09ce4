/**
 * The graph of a model, found from its traces: sample sites as nodes, plates as boxes, and an
 * edge j → i when site i's distribution is a function of site j's value.
 *
 * @module
 */
import {
  ModelError,
  ParamStore,
  params,
  sampleSites,
  seed,
  substitute,
  tf,
  trace,
  withValidation,
  type DeterministicSite,
  type Runnable,
  type SampleSite,
  type Tensor,
  type Trace,
} from '@aevb/core';

/** A node of a model graph: one sample or deterministic site (factor sites are left out). @category Graphs */
export interface GraphNode {
  /** Site name. */
  readonly name: string;
  /** Latent (drawn), observed (data) or deterministic (a function of other sites). */
  readonly kind: 'latent' | 'observed' | 'deterministic';
  /** The distribution's family (`'deterministic'` for a deterministic site). */
  readonly family: string;
  /** Enclosing plates, outermost first. */
  readonly plates: readonly string[];
}

/** A plate of a model graph. @category Graphs */
export interface GraphPlate {
  /** Plate name. */
  readonly name: string;
  /** Number of members in the full data (N). */
  readonly size: number;
}

/** Nodes, directed edges `[parent, child]` and plates. @category Graphs */
export interface ModelGraph {
  /** The model's name. */
  readonly name: string;
  /** Sample sites in execution order. */
  readonly nodes: readonly GraphNode[];
  /** Edges `[from, to]`. */
  readonly edges: readonly (readonly [string, string])[];
  /** Plates in order of first appearance. */
  readonly plates: readonly GraphPlate[];
}


/** How many alternative draws are tried per latent before concluding "no influence". */
const TRIES = 2;

function run(model: Runnable<readonly never[], unknown> & { readonly name?: string }, args: readonly unknown[], store: ParamStore, values: Readonly<Record<string, Tensor>>, s: number): Trace {
  const m = params(seed(substitute(model, values), s), store) as Runnable<readonly never[], unknown> & { readonly name?: string };
  return withValidation(false, () => trace(m).getTrace(...(args as never[])));
}

/** log p of each sample site's reference value under the site's distribution in trace `t`, and each deterministic site's value (host numbers). */
function scores(t: Trace, reference: Trace): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const s of Object.values(t)) {
    if (s.type === 'deterministic') {
      out.set(s.name, Float32Array.from(s.value.dataSync()));
      continue;
    }
    if (s.type !== 'sample') continue;
    const ref = reference[s.name] as SampleSite | undefined;
    if (ref?.value === undefined) continue;
    out.set(s.name, tf.tidy(() => s.fn.logProb(ref.value as Tensor).dataSync() as Float32Array));
  }
  return out;
}

function differs(a: Float32Array | undefined, b: Float32Array | undefined): boolean {
  if (a === undefined || b === undefined) return a !== b;
  if (a.length !== b.length) return true;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
    if (Math.abs(x - y) > 1e-5 * (1 + Math.abs(x))) return true;
  }
  return false;
}

/**
 * The graph of `model` on `args`. Dependencies are found by intervention: the model is run
 * once with every latent and deterministic site held at a reference value; then, for each such
 * site j, it is re-run with j alone replaced (a fresh draw from its own distribution, or a
 * shifted value for a deterministic site) and every other one held at its reference value. A
 * sample site i depends directly on j when the log-density of i's reference value changes; a
 * deterministic site i, left free in that run, when its value changes. Since all other sites are
 * fixed, the change cannot flow through another site, so the edges are direct parents (up to
 * functions that ignore almost every change of j, e.g. a sign test, which this cannot see).
 * Model parameters (`ctx.param`, `ctx.net`) are created in a private store.
 *
 * @category Graphs
 */
export function modelGraph(model: Runnable<readonly never[], unknown> & { readonly name?: string }, args: readonly unknown[]): ModelGraph {
  const store = new ParamStore();
  const reference = run(model, args, store, {}, 0);
  const sites = sampleSites(reference).filter((s) => s.infer['factor'] !== true);
  const latents = sites.filter((s) => !s.isObserved);
  const dets = Object.values(reference).filter((s): s is DeterministicSite => s.type === 'deterministic');
  const fixed: Record<string, Tensor> = {};
  for (const s of [...latents, ...dets]) fixed[s.name] = s.value as Tensor;
  const without = (name: string): Record<string, Tensor> => Object.fromEntries(Object.entries(fixed).filter(([k]) => k !== name));
  const base = scores(run(model, args, store, fixed, 0), reference);
  const edges: [string, string][] = [];
  for (const j of [...latents, ...dets]) {
    const found = new Set<string>();
    for (let k = 0; k < TRIES; k++) {
      const alt = tf.tidy(() => (j.type === 'sample' ? j.fn.sample({ seed: 7919 * (k + 1) }) : tf.add(tf.mul(j.value, 1.5 + k), 0.37)));
      const sc = scores(run(model, args, store, { ...fixed, [j.name]: alt }, 0), reference);
      for (const s of sites) if (s.name !== j.name && !found.has(s.name) && differs(base.get(s.name), sc.get(s.name))) found.add(s.name);
      for (const d of dets) {
        if (d.name === j.name || found.has(d.name)) continue;
        const free = scores(run(model, args, store, { ...without(d.name), [j.name]: alt }, 0), reference);
        if (differs(Float32Array.from(d.value.dataSync()), free.get(d.name))) found.add(d.name);
      }
      alt.dispose();
    }
    for (const s of [...dets, ...sites]) if (found.has(s.name)) edges.push([j.name, s.name]);
  }
  const plates: GraphPlate[] = [];
  for (const s of [...sites, ...dets]) {
    for (const p of s.plates) if (!plates.some((q) => q.name === p.name)) plates.push({ name: p.name, size: p.fullSize });
  }
  const order = Object.values(reference).filter((s) => s.type === 'deterministic' || (s.type === 'sample' && s.infer['factor'] !== true));
  const nodes: GraphNode[] = order.map((s) =>
    s.type === 'sample'
      ? { name: s.name, kind: s.isObserved ? 'observed' : 'latent', family: s.fn.family, plates: s.plates.map((p) => p.name) }
      : { name: s.name, kind: 'deterministic', family: 'deterministic', plates: s.plates.map((p) => p.name) },
  );
  store.clear();
  return { name: model.name ?? 'model', nodes, edges, plates };
}

/**
 * Checks that a model can be fitted by the automatic guides: every latent has a
 * reparameterizable family or a continuous support (so a reparameterized guide exists), or
 * asks for a score-function estimator; the data plate, when given, exists and holds observed
 * data. Throws a `ModelError` (from `@aevb/core`) naming the site or plate.
 *
 * @category Graphs
 */
export function checkFittable(model: Runnable<readonly never[], unknown> & { readonly name?: string }, args: readonly unknown[], options: { readonly dataPlate?: string } = {}): void {
  const store = new ParamStore();
  const t = run(model, args, store, {}, 0);
  for (const s of sampleSites(t)) {
    if (s.isObserved) continue;
    const continuous = s.fn.support.isContinuous;
    if (!s.fn.hasRsample && !continuous && s.infer.estimator !== 'score-function') {
      throw new ModelError(
        `latent with ${s.fn.family} (support '${s.fn.support.name}') has no reparameterizable family and no score-function fallback ` +
          `(mark it with infer: { estimator: 'score-function' } and write a guide for it)`,
        s.name,
      );
    }
  }
  const plate = options.dataPlate;
  if (plate !== undefined) {
    const inside = sampleSites(t).filter((s) => s.plates.some((p) => p.name === plate));
    if (!inside.some((s) => s.isObserved)) {
      const what = inside.length === 0 ? 'no sites' : `only latent sites (${inside.map((s) => s.name).join(', ')})`;
      throw new ModelError(`data plate '${plate}' holds ${what}: there is no data to subsample`, inside[0]?.name ?? plate);
    }
  }
  store.clear();
}
