/**
 * Shared machinery of the slot-based optimizers: argument checks, lazily created slot variables,
 * cached scalar tensors, and the checkpoint state round trip.
 *
 * @module
 */
import { ArgumentError, PersistenceError, tf } from '@aevb/core';
import type { LearningRate, Optimizer, OptimizerState, SlotState } from './types.js';

/** Formats a shape as `[a, b]` for messages. @internal */
export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Checks a positive/non-negative finite option. @internal */
export function checkNumber(fn: string, arg: string, value: number, lower: number, lowerOpen: boolean, upper = Infinity, upperOpen = true): void {
  const okLow = lowerOpen ? value > lower : value >= lower;
  const okHigh = upperOpen ? value < upper : value <= upper;
  if (!Number.isFinite(value) || !okLow || !okHigh) {
    const lo = `${lowerOpen ? '(' : '['}${lower}`;
    const hi = `${upper}${upperOpen ? ')' : ']'}`;
    throw new ArgumentError(fn, arg, `must be a finite number in ${lo}, ${hi}; got ${value}`);
  }
}

/** Checks a learning rate option (a non-negative number or a function). @internal */
export function checkLearningRate(fn: string, lr: LearningRate): void {
  if (typeof lr === 'number') checkNumber(fn, 'learningRate', lr, 0, false);
  else if (typeof lr !== 'function') throw new ArgumentError(fn, 'learningRate', `must be a number or a schedule; got ${typeof lr}`);
}

/** Evaluates a learning rate at a step, checking the schedule's result. @internal */
export function learningRateAt(fn: string, lr: LearningRate, step: number): number {
  if (typeof lr === 'number') return lr;
  const value = lr(step);
  if (!Number.isFinite(value)) throw new ArgumentError(fn, 'learningRate', `schedule returned ${value} at step ${step}; must be finite`);
  return value;
}

/**
 * Checks that every gradient names a variable of the same shape and dtype (metadata only, no sync).
 * @internal
 */
export function checkGrads(fn: string, variables: Readonly<Record<string, tf.Variable>>, grads: Readonly<Record<string, tf.Tensor>>): void {
  for (const key of Object.keys(grads)) {
    const v = variables[key];
    const g = grads[key] as tf.Tensor;
    if (v === undefined) throw new ArgumentError(fn, 'grads', `has key '${key}' but 'variables' has no variable '${key}'`);
    if (g.isDisposed) throw new ArgumentError(fn, 'grads', `'${key}' is disposed`);
    if (g.shape.length !== v.shape.length || g.shape.some((d, i) => d !== v.shape[i])) {
      throw new ArgumentError(fn, 'grads', `'${key}' has shape ${shapeString(g.shape)} but variable '${key}' has shape ${shapeString(v.shape)}`);
    }
    if (g.dtype !== 'float32' || v.dtype !== 'float32') {
      throw new ArgumentError(fn, 'grads', `'${key}' must be float32 like its variable; got gradient ${g.dtype}, variable ${v.dtype}`);
    }
  }
}

/**
 * Scalar tensors kept between updates and re-uploaded only when their value changes, so a
 * step issues no scalar uploads for constant hyper-parameters.
 * @internal
 */
export class ScalarCache {
  private readonly entries: Record<string, { value: number; tensor: tf.Scalar }> = {};
  /** The cached scalar `key`, replaced when `value` differs from the cached one. */
  get(key: string, value: number): tf.Scalar {
    const hit = this.entries[key];
    if (hit !== undefined && Object.is(hit.value, value)) return hit.tensor;
    hit?.tensor.dispose();
    const tensor = tf.keep(tf.scalar(value, 'float32'));
    this.entries[key] = { value, tensor };
    return tensor;
  }
  /** Disposes every cached scalar. */
  dispose(): void {
    for (const key of Object.keys(this.entries)) this.entries[key]?.tensor.dispose();
    for (const key of Object.keys(this.entries)) delete this.entries[key];
  }
}

/** The slots of one variable, by slot name. @internal */
export type Slots = Record<string, tf.Variable>;

/**
 * Base class of Adam, Adagrad and SGD: owns one set of slot variables per model variable, created
 * on first use, and the checkpoint state. Subclasses implement {@link SlotOptimizer.prepare}
 * (per-step scalars, computed on the JS side) and {@link SlotOptimizer.update} (one variable's kernels).
 * @internal
 */
export abstract class SlotOptimizer implements Optimizer {
  abstract readonly name: string;
  /** Number of updates applied so far. */
  get step(): number {
    return this.stepCount;
  }
  private readonly scalars = new ScalarCache();
  private readonly slots: Record<string, Slots> = {};
  private stepCount = 0;

  /** A scalar tensor cached across updates (re-uploaded only when `value` changes); safe inside `tf.tidy`. */
  protected scalar(key: string, value: number): tf.Scalar {
    return this.scalars.get(key, value);
  }
  /** Names of this optimizer's slots (e.g. `['m', 'v']`); empty for stateless rules. */
  protected abstract slotNames(): readonly string[];
  /** Initial value of a fresh slot (zeros unless overridden). */
  protected initialSlotValue(_slot: string): number {
    return 0;
  }
  /** Computes the step's scalars (outside any tidy) before the variables are updated. */
  protected abstract prepare(step: number): void;
  /** Updates one variable (and its slots) by `variable.assign`; runs inside `tf.tidy`. */
  protected abstract update(variable: tf.Variable, grad: tf.Tensor, slots: Readonly<Record<string, tf.Variable>>): void;

  apply(variables: Readonly<Record<string, tf.Variable>>, grads: Readonly<Record<string, tf.Tensor>>): void {
    checkGrads(`${this.name}.apply`, variables, grads);
    this.prepare(this.stepCount);
    for (const key of Object.keys(grads)) {
      const variable = variables[key] as tf.Variable;
      const grad = grads[key] as tf.Tensor;
      const slots = this.slotsFor(key, variable.shape);
      tf.tidy(() => this.update(variable, grad, slots));
    }
    this.stepCount += 1;
  }

  private slotsFor(key: string, shape: readonly number[]): Slots {
    const existing = this.slots[key];
    if (existing !== undefined) {
      const first = Object.values(existing)[0];
      if (first !== undefined && (first.shape.length !== shape.length || first.shape.some((d, i) => d !== shape[i]))) {
        throw new ArgumentError(`${this.name}.apply`, 'variables', `'${key}' has shape ${shapeString(shape)} but its optimizer slots have shape ${shapeString(first.shape)}`);
      }
      return existing;
    }
    const created: Slots = {};
    for (const slot of this.slotNames()) {
      created[slot] = tf.tidy(() => tf.variable(tf.fill(shape.slice(), this.initialSlotValue(slot), 'float32'), false));
    }
    this.slots[key] = created;
    return created;
  }

  async getState(): Promise<OptimizerState> {
    const slots: Record<string, Record<string, SlotState>> = {};
    for (const key of Object.keys(this.slots)) {
      const out: Record<string, SlotState> = {};
      for (const [slot, v] of Object.entries(this.slots[key] as Slots)) {
        out[slot] = { shape: v.shape.slice(), values: Array.from(await v.data<'float32'>()) };
      }
      slots[key] = out;
    }
    return { name: this.name, step: this.stepCount, slots };
  }

  setState(state: OptimizerState): void {
    const fn = `${this.name}.setState`;
    if (state.name !== this.name) throw new PersistenceError(`${fn}: state was saved by optimizer '${state.name}', not '${this.name}'`);
    if (!Number.isInteger(state.step) || state.step < 0) throw new PersistenceError(`${fn}: step must be a non-negative integer; got ${state.step}`);
    const names = this.slotNames();
    const fresh: Record<string, Slots> = {};
    try {
      for (const [key, saved] of Object.entries(state.slots)) {
        const created: Slots = {};
        fresh[key] = created;
        for (const slot of names) {
          const s = saved[slot];
          if (s === undefined) throw new PersistenceError(`${fn}: variable '${key}' has no slot '${slot}'`);
          const size = s.shape.reduce((a, b) => a * b, 1);
          if (s.values.length !== size) {
            throw new PersistenceError(`${fn}: slot '${slot}' of '${key}' has ${s.values.length} values for shape ${shapeString(s.shape)}`);
          }
          created[slot] = tf.tidy(() => tf.variable(tf.tensor(s.values.slice(), s.shape.slice(), 'float32'), false));
        }
      }
    } catch (e) {
      for (const slots of Object.values(fresh)) for (const v of Object.values(slots)) v.dispose();
      throw e;
    }
    this.disposeSlots();
    Object.assign(this.slots, fresh);
    this.stepCount = state.step;
  }

  private disposeSlots(): void {
    for (const key of Object.keys(this.slots)) {
      for (const v of Object.values(this.slots[key] as Slots)) v.dispose();
      delete this.slots[key];
    }
  }

  dispose(): void {
    this.disposeSlots();
    this.scalars.dispose();
  }
}
