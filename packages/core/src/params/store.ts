/**
 * The parameter store: named `tf.Variable`s kept in unconstrained space, each mapped to its
 * constrained value through a transform.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import type { Constraint, Transform } from '../distribution.js';
import { ArgumentError, ModelError, formatShape } from '../errors.js';
import { constraintKey, isRealConstraint } from '../constraint.js';

/** How {@link ParamStore.get} creates a missing parameter. @category Parameters */
export interface ParamRequest {
  /** First (constrained) value, drawn from a seed. */
  readonly init: (seed: number) => Tensor;
  /** Seed passed to `init`. */
  readonly seed: number;
  /** The set the value lives in. */
  readonly constraint: Constraint | undefined;
  /** Explicit transform from unconstrained storage (wins over the constraint's default). */
  readonly transform: Transform | undefined;
}

/** One stored parameter. @category Parameters */
export interface ParamEntry {
  /** Full name. */
  readonly name: string;
  /** Unconstrained storage (what optimizers update). */
  readonly variable: Variable;
  /** Transform from storage to the constrained value; `undefined` means identity. */
  readonly transform: Transform | undefined;
  /** Name of the constraint or transform (`'real'` when none), as saved in files and checked on loads. */
  readonly constraintName: string;
  /** Structural identity of the constraint or transform, checked on later requests. */
  readonly constraintKey: string;
}

function requestKey(request: Pick<ParamRequest, 'constraint' | 'transform'>): string {
  if (request.transform !== undefined) return `transform:${request.transform.name}`;
  return request.constraint === undefined ? 'real' : constraintKey(request.constraint);
}

/** The key of a parameter loaded from a file, where only the constraint's name is known. */
function keyOfName(name: string): string {
  return name === 'real' ? 'real' : `name:${name}`;
}

function resolveTransform(name: string, constraint: Constraint | undefined, transform: Transform | undefined): Transform | undefined {
  if (transform !== undefined) return transform;
  if (constraint === undefined || isRealConstraint(constraint)) return undefined;
  if (constraint.defaultTransform === undefined) {
    throw new ModelError(`constraint '${constraint.name}' has no default transform; pass one with { transform }`, name);
  }
  return constraint.defaultTransform();
}

/**
 * Named parameters. One global store serves models by default ({@link getParamStore});
 * fitting usually creates its own and installs it with the `params` handler.
 *
 * @example
 * ```ts
 * import { ParamStore, tf } from '@aevb/core';
 * const store = new ParamStore();
 * const w = store.get('w', { init: () => tf.zeros([3]), seed: 0, constraint: undefined, transform: undefined });
 * ```
 * @category Parameters
 */
export class ParamStore {
  private readonly entries = new Map<string, ParamEntry>();

  /** The constrained value of `name`, created from `request` if the store does not hold it. */
  get(name: string, request: ParamRequest): Tensor {
    let entry = this.entries.get(name);
    const constraintName = request.transform?.name ?? request.constraint?.name ?? 'real';
    const key = requestKey(request);
    if (entry === undefined) {
      const transform = resolveTransform(name, request.constraint, request.transform);
      const unconstrained = tf.tidy(() => {
        const init = request.init(request.seed);
        if (!(init instanceof tf.Tensor)) throw new ArgumentError('param', 'init', `of '${name}' did not produce a tensor`);
        if (init.dtype !== 'float32') throw new ArgumentError('param', 'init', `of '${name}' has dtype ${init.dtype}, expected float32`);
        return transform === undefined ? init.clone() : transform.inverse(init);
      });
      entry = { name, variable: tf.variable(unconstrained, true), transform, constraintName, constraintKey: key };
      unconstrained.dispose();
      this.entries.set(name, entry);
    } else if (entry.constraintKey !== key && entry.constraintKey !== `name:${constraintName}`) {
      throw new ModelError(
        `parameter was created with constraint '${entry.constraintName}' and is now requested with '${constraintName}'`,
        name,
      );
    }
    return entry.transform === undefined ? entry.variable : entry.transform.forward(entry.variable);
  }

  /** Does the store hold `name`? */
  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Names of all parameters, in creation order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** The entry of `name` (throws naming the parameter if absent). */
  entry(name: string): ParamEntry {
    const e = this.entries.get(name);
    if (e === undefined) throw new ModelError(`no such parameter (known: ${this.names().join(', ') || 'none'})`, name);
    return e;
  }

  /** All entries, in creation order. */
  allEntries(): ParamEntry[] {
    return [...this.entries.values()];
  }

  /** Unconstrained variables keyed by name (what optimizers update). */
  variables(): Record<string, Variable> {
    const out: Record<string, Variable> = {};
    for (const [k, e] of this.entries) out[k] = e.variable;
    return out;
  }

  /** A new tensor holding the constrained value of `name` (the caller disposes it). */
  value(name: string): Tensor {
    const e = this.entry(name);
    return tf.tidy(() => (e.transform === undefined ? e.variable.clone() : e.transform.forward(e.variable)));
  }

  /**
   * The constrained value of `name` read back as numbers (row-major). Unlike
   * {@link ParamStore.value}, nothing is left for the caller to dispose.
   */
  read(name: string): Float32Array {
    const t = this.value(name);
    try {
      return Float32Array.from(t.dataSync());
    } finally {
      t.dispose();
    }
  }

  /**
   * Overwrites the unconstrained storage of `name` with `unconstrained` (shapes must match).
   */
  assignUnconstrained(name: string, unconstrained: Tensor): void {
    const e = this.entry(name);
    if (!tf.util.arraysEqual(e.variable.shape, unconstrained.shape)) {
      throw new ModelError(
        `cannot assign a value of shape ${formatShape(unconstrained.shape)} to a parameter of shape ${formatShape(e.variable.shape)}`,
        name,
      );
    }
    e.variable.assign(unconstrained);
  }

  /** Adds an entry built elsewhere (used when loading). Replaces nothing: throws if `name` exists. */
  adopt(name: string, unconstrained: Tensor, transform: Transform | undefined, constraintName: string): void {
    if (this.entries.has(name)) throw new ModelError('parameter already exists in the store', name);
    this.entries.set(name, { name, variable: tf.variable(unconstrained, true), transform, constraintName, constraintKey: keyOfName(constraintName) });
  }

  /** Removes and disposes `name` (no-op if absent). */
  delete(name: string): void {
    const e = this.entries.get(name);
    if (e !== undefined) {
      e.variable.dispose();
      this.entries.delete(name);
    }
  }

  /** Removes and disposes every parameter. */
  clear(): void {
    for (const e of this.entries.values()) e.variable.dispose();
    this.entries.clear();
  }

  /** Number of parameters. */
  get size(): number {
    return this.entries.size;
  }

  /** Total number of scalar values stored. */
  get numValues(): number {
    let n = 0;
    for (const e of this.entries.values()) n += e.variable.size;
    return n;
  }
}

let globalStore = new ParamStore();

/**
 * The global parameter store: where `param` sites read their values when no `params` handler
 * is installed (fitting installs its own store with that handler).
 *
 * @category Parameters
 */
export function getParamStore(): ParamStore {
  return globalStore;
}

/** Disposes and replaces the global store (for tests and fresh starts). @category Parameters */
export function clearParamStore(): void {
  globalStore.clear();
  globalStore = new ParamStore();
}
