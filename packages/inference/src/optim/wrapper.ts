/**
 * Base of optimizer wrappers that transform gradients or variables around an inner optimizer.
 *
 * @module
 */
import { PersistenceError, tf } from '@aevb/core';
import type { Optimizer, OptimizerState } from './types.js';

/**
 * An {@link Optimizer} delegating to an inner one. The wrapper owns the inner optimizer (its `dispose`
 * disposes it), and its state is the inner state under the wrapper's name, so a checkpoint can only be
 * restored into the same composition. Wrap a fresh optimizer: the wrapper counts steps from 0.
 * @internal
 */
export abstract class OptimizerWrapper implements Optimizer {
  readonly name: string;
  /** Number of updates applied through this wrapper. */
  protected stepCount = 0;

  constructor(kind: string, protected readonly inner: Optimizer) {
    this.name = `${kind}(${inner.name})`;
  }

  /** Produces the gradients handed to the inner optimizer (may return `grads` itself) and runs side effects. */
  protected abstract transform(
    variables: Readonly<Record<string, tf.Variable>>,
    grads: Readonly<Record<string, tf.Tensor>>,
  ): Readonly<Record<string, tf.Tensor>>;

  apply(variables: Readonly<Record<string, tf.Variable>>, grads: Readonly<Record<string, tf.Tensor>>): void {
    const transformed = this.transform(variables, grads);
    try {
      this.inner.apply(variables, transformed);
    } finally {
      if (transformed !== grads) {
        for (const [k, t] of Object.entries(transformed)) if (t !== grads[k]) t.dispose();
      }
    }
    this.stepCount += 1;
  }

  async getState(): Promise<OptimizerState> {
    const state = await this.inner.getState();
    return { ...state, name: this.name };
  }

  setState(state: OptimizerState): void {
    if (state.name !== this.name) throw new PersistenceError(`${this.name}.setState: state was saved by optimizer '${state.name}', not '${this.name}'`);
    this.inner.setState({ ...state, name: this.inner.name });
    this.stepCount = state.step;
  }

  dispose(): void {
    this.inner.dispose();
  }
}

/** Keeps only the gradient keys accepted by `filter` (all when absent). @internal */
export function selectedKeys(grads: Readonly<Record<string, tf.Tensor>>, filter: ((name: string) => boolean) | undefined): string[] {
  const keys = Object.keys(grads);
  return filter === undefined ? keys : keys.filter(filter);
}
