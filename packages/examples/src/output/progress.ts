/**
 * A training progress reporter: a cli-progress bar with the epoch, ELBO and ETA on a terminal,
 * one plain line per epoch otherwise (Node only).
 *
 * @module
 */
import { SingleBar } from 'cli-progress';
import { etaSeconds, formatDuration, formatElbo } from './format.js';

/**
 * Options of {@link ProgressReporter}.
 *
 * @category Output
 */
export interface ProgressOptions {
  /** Where to write (default `process.stderr`). */
  readonly stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Draw a live bar (default: when the stream is a terminal); otherwise print a line per epoch. */
  readonly bar?: boolean;
  /** Print nothing at all. */
  readonly quiet?: boolean;
  /** A clock in milliseconds (default `Date.now`; tests inject one). */
  readonly now?: () => number;
}

/**
 * Reports training progress over `epochs * stepsPerEpoch` steps, showing the latest training ELBO,
 * the epoch, and the estimated time left (elapsed * remaining / done).
 *
 * ```ts
 * const progress = new ProgressReporter(epochs, batches.length);
 * for (let e = 1; e <= epochs; e++) {
 *   for (const b of batches) progress.step(await trainStep(b));
 *   progress.endEpoch(e, trainElbo, testElbo);
 * }
 * progress.stop();
 * ```
 *
 * @category Output
 */
export class ProgressReporter {
  private readonly total: number;
  private readonly stream: NodeJS.WritableStream;
  private readonly now: () => number;
  private readonly started: number;
  private readonly bar: SingleBar | undefined;
  private readonly quiet: boolean;
  private done = 0;
  private elbo: number | undefined;

  /**
   * @param epochs - the number of epochs
   * @param stepsPerEpoch - minibatch steps per epoch
   */
  constructor(
    readonly epochs: number,
    readonly stepsPerEpoch: number,
    options: ProgressOptions = {},
  ) {
    this.total = Math.max(1, epochs * stepsPerEpoch);
    const stream = options.stream ?? process.stderr;
    this.stream = stream;
    this.now = options.now ?? Date.now;
    this.started = this.now();
    this.quiet = options.quiet === true;
    const useBar = !this.quiet && (options.bar ?? (stream as { isTTY?: boolean }).isTTY === true);
    if (useBar) {
      this.bar = new SingleBar({
        stream,
        format: 'epoch {epoch}/{epochs} [{bar}] {percentage}% | ELBO {elbo} | ETA {etaText}',
        hideCursor: true,
        clearOnComplete: false,
        noTTYOutput: (stream as { isTTY?: boolean }).isTTY !== true,
      });
      this.bar.start(this.total, 0, this.payload());
    }
  }

  private payload(): Record<string, string | number> {
    const epoch = Math.min(this.epochs, Math.floor(this.done / Math.max(1, this.stepsPerEpoch)) + 1);
    const eta = etaSeconds(this.done, this.total, (this.now() - this.started) / 1000);
    return { epoch, epochs: this.epochs, elbo: formatElbo(this.elbo), etaText: formatDuration(eta) };
  }

  /** Records one finished step and, when known, its minibatch ELBO per datapoint. */
  step(elbo?: number): void {
    this.done = Math.min(this.total, this.done + 1);
    if (elbo !== undefined) this.elbo = elbo;
    this.bar?.update(this.done, this.payload());
  }

  /**
   * Reports the end of an epoch with its train (and optionally test) ELBO per datapoint. Without
   * a live bar this prints one line: `epoch 3/10  train ELBO -120.53  test ELBO -121.02  ETA 1m05s`.
   */
  endEpoch(epoch: number, trainElbo: number, testElbo?: number): void {
    this.elbo = trainElbo;
    this.done = Math.max(this.done, Math.min(this.total, epoch * this.stepsPerEpoch));
    const p = this.payload();
    if (this.bar !== undefined) {
      this.bar.update(this.done, p);
    } else if (!this.quiet) {
      const test = testElbo === undefined ? '' : `  test ELBO ${formatElbo(testElbo)}`;
      this.stream.write(`epoch ${epoch}/${this.epochs}  train ELBO ${formatElbo(trainElbo)}${test}  ETA ${String(p['etaText'])}\n`);
    }
  }

  /** Stops the bar (restoring the cursor) and prints the total time. */
  stop(): void {
    this.bar?.stop();
    if (!this.quiet) this.stream.write(`done in ${formatDuration((this.now() - this.started) / 1000)}\n`);
  }
}
