/**
 * The handler stack and `applyStack`, the algorithm every primitive runs through.
 *
 * @module
 */
import { produce, setAutoFreeze } from 'immer';
import { ModelError } from './errors.js';
import type { Draft, PlateFrame, Site } from './site.js';

setAutoFreeze(true);

/**
 * An effect handler: partial functions over site messages. `process` runs before the
 * default action, innermost handler first, and may edit the draft (set a value, a scale,
 * `stop`); `postprocess` runs after it, outermost of the handlers that saw the site first,
 * on the final frozen record.
 *
 * @category Handlers
 */
export interface Messenger {
  /** Name for messages (`'trace'`, `'seed'`, …). */
  readonly kind: string;
  /** Edits a site before its default action. */
  process?(site: Draft<Site>): void;
  /** Observes (records) the final site. */
  postprocess?(site: Site): void;
  /** Rewrites a plate when it opens (e.g. sets its full size for subsampling). */
  processPlate?(frame: PlateFrame): PlateFrame;
}

const stack: Messenger[] = [];

/**
 * Runs `body` with `messenger` installed on top of the handler stack. A messenger
 * cannot be installed twice; it is popped even when `body` throws.
 *
 * @category Handlers
 */
export function withMessenger<R>(messenger: Messenger, body: () => R): R {
  if (stack.includes(messenger)) {
    throw new ModelError(`the '${messenger.kind}' handler instance is already installed (handlers are not re-entrant)`);
  }
  stack.push(messenger);
  try {
    return body();
  } finally {
    const i = stack.lastIndexOf(messenger);
    if (i >= 0) stack.splice(i);
  }
}

/** Number of handlers installed (for tests and diagnostics). @category Handlers */
export function stackDepth(): number {
  return stack.length;
}

/**
 * Sends a site through the handler stack:
 * 1. process it innermost-first (top of the stack down), stopping after a handler sets `stop`;
 * 2. run `defaultAction` if no handler supplied a value;
 * 3. postprocess it in the reverse order, for exactly the handlers that processed it;
 * 4. return the final, frozen record.
 * All processing of one site happens inside one immer `produce`.
 *
 * @category Handlers
 */
export function applyStack<S extends Site>(initial: S, defaultAction: (site: Draft<S>) => void): S {
  let seen = stack.length;
  const final = produce(initial, (draft) => {
    const d = draft as unknown as Draft<S>;
    for (let i = stack.length - 1; i >= 0; i--) {
      const m = stack[i] as Messenger;
      m.process?.(d as Draft<Site>);
      if (d.stop) {
        seen = stack.length - i;
        break;
      }
    }
    if (d.value === undefined) defaultAction(d);
  }) as S;
  for (let i = stack.length - seen; i < stack.length; i++) {
    (stack[i] as Messenger).postprocess?.(final);
  }
  return final;
}

/**
 * The innermost installed handler of `kind`, if any (handlers that act by being installed,
 * such as `validate`, are found this way).
 *
 * @internal
 */
export function innermostMessenger(kind: string): Messenger | undefined {
  for (let i = stack.length - 1; i >= 0; i--) {
    const m = stack[i] as Messenger;
    if (m.kind === kind) return m;
  }
  return undefined;
}

/**
 * The plate hooks of the installed handlers, innermost first.
 *
 * @internal
 */
export function currentPlateHandlers(): ((frame: PlateFrame) => PlateFrame)[] {
  const out: ((frame: PlateFrame) => PlateFrame)[] = [];
  for (let i = stack.length - 1; i >= 0; i--) {
    const m = stack[i] as Messenger;
    if (m.processPlate !== undefined) out.push((f) => (m.processPlate as (f: PlateFrame) => PlateFrame).call(m, f));
  }
  return out;
}
