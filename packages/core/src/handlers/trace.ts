/**
 * `trace`: record every site of a run.
 *
 * @module
 */
import { produce } from 'immer';
import type { Runnable } from '../model.js';
import { withMessenger, type Messenger } from '../runtime.js';
import type { Site } from '../site.js';
import type { Trace } from '../trace.js';

/** Options of {@link trace}. @category Handlers */
export interface TraceOptions {
  /** Compute and store each sample site's log-density while recording. Default false. */
  readonly logProbs?: boolean;
}

/** A traced runnable: run it and get its value and trace. @category Handlers */
export interface Traced<A extends readonly unknown[], R> {
  /** Runs once and returns the trace. */
  getTrace(...args: A): Trace;
  /** Runs once and returns the trace and the return value. */
  traceRun(...args: A): { readonly trace: Trace; readonly value: R };
}

class TraceMessenger implements Messenger {
  readonly kind = 'trace';
  sites: Record<string, Site> = {};
  constructor(private readonly logProbs: boolean) {}
  postprocess(site: Site): void {
    let s = site;
    if (this.logProbs && s.type === 'sample' && s.value !== undefined && s.logProb === undefined) {
      const lp = s.fn.logProb(s.value);
      s = produce(s, (d) => {
        d.logProb = lp;
      });
    }
    this.sites[s.name] = s;
  }
}

/**
 * Records every site of a run into a {@link Trace}: a frozen plain record keyed by site name
 * holding name, type, distribution, value, plates, scale, mask (and log-density with
 * `{ logProbs: true }`).
 *
 * @example
 * ```ts
 * const { trace: t } = trace(seed(myModel, 0)).traceRun(x);
 * Object.keys(t); // ['mu', 'x']
 * ```
 * @category Handlers
 */
export function trace<A extends readonly unknown[], R>(fn: Runnable<A, R>, options: TraceOptions = {}): Traced<A, R> {
  const traceRun = (...args: A): { trace: Trace; value: R } => {
    const m = new TraceMessenger(options.logProbs === true);
    const value = withMessenger(m, () => fn.run(...args));
    return { trace: Object.freeze(m.sites), value };
  };
  return { traceRun, getTrace: (...args: A) => traceRun(...args).trace };
}
