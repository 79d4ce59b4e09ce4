/**
 * Checkpointing inside {@link fit}: resuming from a folder, saving every N steps or epochs,
 * and saving the last good state when fitting fails on non-finite steps.
 *
 * @module
 */
import { ArgumentError, PersistenceError, type LatentSpec } from '@aevb/core';
import { applyCheckpoint, captureCheckpoint, initialProgress } from './checkpoint.js';
import type { CheckpointData } from './checkpoint-format.js';
import { rollbackProblem } from './checkpoint-sanity.js';
import type { FitProgress } from './checkpoint-schema.js';
import { disposeBatch, type Batch } from './data.js';
import type { EpochRecord, History } from './loop.js';
import type { SVI } from './svi.js';

/** Checkpointing options of {@link fit}. @category Checkpoints */
export interface CheckpointOptions {
  /** The folder of the two checkpoint slots (created if needed). */
  readonly dir: string;
  /** Save after every this many steps (accepted or rejected). */
  readonly everySteps?: number;
  /** Save after every this many epochs. Default 1 when `everySteps` is not given. */
  readonly everyEpochs?: number;
  /**
   * Identity of the run, recorded in every checkpoint. Resuming refuses a checkpoint of another
   * run; saving refuses a folder whose newest checkpoint belongs to another run. Default: the
   * resumed checkpoint's, or a new random identity.
   */
  readonly run?: string;
  /**
   * A fit that does not resume refuses a folder already holding checkpoints, unless this is
   * true: then those checkpoints are deleted before training starts.
   */
  readonly overwrite?: boolean;
  /** Receives notices: a corrupt slot passed over, a checkpoint not written because it is not a rollback point. Default `console.warn`. */
  readonly onWarning?: (message: string) => void;
}

/** The fit loop's progress while it runs (a mutable {@link FitProgress}). @internal */
export interface ProgressState {
  epoch: number;
  batch: number;
  readonly epochs: EpochRecord[];
  readonly stepElbos: number[];
  partial: { sum: number; count: number; seen: number; seconds: number; rejected: number };
  best: number;
  sinceBest: number;
  stopped: History['stopReason'] | undefined;
  dataShapes: Readonly<Record<string, readonly number[]>> | undefined;
}

type NodeIo = typeof import('./checkpoint-node.js');

function positiveInt(v: number | undefined, what: string): void {
  if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new ArgumentError('fit', what, `must be a positive integer, got ${v}`);
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);
const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;

/**
 * Resumes and saves checkpoints for one call of {@link fit}. Only rollback points are written
 * (see {@link rollbackProblem}; the bound at the parameters is also checked on one minibatch),
 * so the newest checkpoint of the folder is always a state training can continue from. @internal
 */
export class FitCheckpointer<L extends LatentSpec, D extends Batch> {
  private readonly warned = new Set<string>();
  private constructor(
    private readonly svi: SVI<L, D>,
    private readonly io: NodeIo | undefined,
    private readonly options: CheckpointOptions | undefined,
    readonly state: ProgressState,
    /** The checkpoint file the fit resumed from. */
    readonly resumedFrom: string | undefined,
    /** The identity recorded in every checkpoint of this fit. */
    readonly run: string,
    private readonly example: (() => D) | undefined,
  ) {}

  /** Checks the options, makes sure the folder is writable, and loads the checkpoint to resume from. */
  static async open<L extends LatentSpec, D extends Batch>(
    svi: SVI<L, D>,
    checkpoint: CheckpointOptions | undefined,
    resume: boolean | string | undefined,
    dataShapes: Record<string, readonly number[]> | undefined,
    example: (() => D) | undefined,
  ): Promise<FitCheckpointer<L, D>> {
    if (checkpoint !== undefined) {
      if (typeof checkpoint.dir !== 'string' || checkpoint.dir === '') throw new ArgumentError('fit', 'checkpoint.dir', 'must be a folder path');
      positiveInt(checkpoint.everySteps, 'checkpoint.everySteps');
      positiveInt(checkpoint.everyEpochs, 'checkpoint.everyEpochs');
      if (checkpoint.run !== undefined && (typeof checkpoint.run !== 'string' || checkpoint.run === '')) throw new ArgumentError('fit', 'checkpoint.run', 'must be a non-empty string');
    }
    if (resume === true && checkpoint === undefined) throw new ArgumentError('fit', 'resume', 'is true but no checkpoint.dir says where to resume from');
    const wanted = checkpoint !== undefined || (resume !== undefined && resume !== false);
    // A variable specifier keeps bundlers from pulling the Node-only file into browser builds.
    const nodeIo = './checkpoint-node.js';
    const io = wanted ? ((await import(/* @vite-ignore */ nodeIo)) as NodeIo) : undefined;
    const state: ProgressState = { ...initialProgress(), epochs: [], stepElbos: [], partial: { ...initialProgress().partial }, dataShapes };
    const warn = checkpoint?.onWarning ?? ((m: string) => console.warn(`aevb: ${m}`));
    let from: string | undefined;
    let run = checkpoint?.run;
    if (io !== undefined && resume !== undefined && resume !== false) {
      const dir = typeof resume === 'string' ? resume : (checkpoint as CheckpointOptions).dir;
      // resume: true starts afresh when the folder holds no checkpoint yet; an explicit folder must hold one.
      if (typeof resume === 'string' || (await io.hasCheckpoint(dir))) {
        const found = await io.readLatestCheckpoint(dir);
        for (const s of found.skipped) warn(`passed over the corrupt checkpoint ${s.problem}; resuming from the older '${found.path}'`);
        const saved = found.data.header.run;
        if (run !== undefined && saved !== undefined && saved !== run) {
          throw new PersistenceError(`fit: the checkpoint '${found.path}' belongs to run ${saved}, not to run ${run}; it cannot be resumed as this run`);
        }
        run ??= saved;
        checkShapes(found, dataShapes);
        const ex = svi.params.size === 0 ? example?.() : undefined;
        let p: FitProgress;
        try {
          p = applyCheckpoint(svi, found.data, found.path, ex === undefined ? {} : { example: ex });
        } finally {
          if (ex !== undefined) disposeBatch(ex);
        }
        Object.assign(state, { ...p, epochs: [...p.epochs], stepElbos: [...p.stepElbos], partial: { ...p.partial }, dataShapes: dataShapes ?? p.dataShapes });
        from = found.path;
      }
    }
    if (io !== undefined && checkpoint !== undefined) {
      if (from === undefined && resume !== true) await io.claimCheckpointFolder(checkpoint.dir, checkpoint.overwrite === true);
      await io.ensureWritableFolder(checkpoint.dir);
    }
    return new FitCheckpointer(svi, io, checkpoint, state, from, run ?? (io === undefined ? '' : randomRunId()), example);
  }

  /** Saves when `everySteps` is due (the step's acceptance no longer matters: only rollback points are written). */
  async afterStep(_accepted?: boolean): Promise<void> {
    const every = this.options?.everySteps;
    if (every !== undefined && this.state.stepElbos.length % every === 0) await this.save();
  }

  /** Saves at the end of an epoch (`state.epoch` is the next epoch) when `everyEpochs` is due, or when fitting stops. */
  async afterEpoch(completed: number, last: boolean): Promise<void> {
    if (this.options === undefined) return;
    const every = this.options.everyEpochs ?? (this.options.everySteps === undefined ? 1 : undefined);
    if (last || (every !== undefined && completed % every === 0)) await this.save();
  }

  /** Saves the current state if it is a rollback point (no-op without checkpointing); otherwise warns once per reason. */
  async save(): Promise<void> {
    if (this.io === undefined || this.options === undefined) return;
    const { epochs, stepElbos, ...rest } = this.state;
    const data = await captureCheckpoint(this.svi, { ...rest, partial: { ...rest.partial }, epochs: epochs.slice(), stepElbos: stepElbos.slice() });
    const problem = rollbackProblem(data) ?? (await this.probe());
    if (problem !== undefined) {
      const key = problem.replace(/\d+/g, '#');
      if (!this.warned.has(key)) (this.options.onWarning ?? ((m: string) => console.warn(`aevb: ${m}`)))(`checkpoint after step ${stepElbos.length} not written: ${problem}; the newest checkpoint in '${this.options.dir}' stays the rollback point`);
      this.warned.add(key);
      return;
    }
    await this.io.writeCheckpoint(this.options.dir, data, { run: this.run });
  }

  /**
   * Called when fitting fails on non-finite steps: nothing is written. The parameters of the
   * last accepted step produced the failing steps, so they are no rollback point; the newest
   * checkpoint in the folder (which passed the rollback checks) is the state to resume from.
   */
  async saveLastGood(): Promise<void> {
    return Promise.resolve();
  }

  /** The bound at the current parameters on the first minibatch, when it is not finite (seed streams left where they were). */
  private async probe(): Promise<string | undefined> {
    if (this.example === undefined) return undefined;
    const batch = this.example();
    const { model, guide } = { model: this.svi.seeds.model.position, guide: this.svi.seeds.guide.position };
    try {
      const b = await this.svi.evaluate(batch);
      return Number.isFinite(b) ? undefined : `the bound at its parameters is ${b} on the first minibatch`;
    } finally {
      this.svi.seeds.model.seek(model);
      this.svi.seeds.guide.seek(guide);
      disposeBatch(batch);
    }
  }
}

function checkShapes(found: { readonly data: CheckpointData; readonly path: string }, dataShapes: Record<string, readonly number[]> | undefined): void {
  const saved = found.data.header.progress.dataShapes;
  if (saved === undefined || dataShapes === undefined) return;
  for (const [k, s] of Object.entries(saved)) {
    const now = dataShapes[k];
    if (now === undefined) throw new ArgumentError('fit', 'data', `has no tensor '${k}', but the checkpoint '${found.path}' was trained with one`);
    if (!sameShape(now, s)) {
      throw new ArgumentError('fit', k === 'data' ? 'data' : `data.${k}`, `has per-datapoint shape ${fmt(now)}, but the checkpoint '${found.path}' was trained on ${fmt(s)}`);
    }
  }
}

/** A new random run identity. */
function randomRunId(): string {
  return globalThis.crypto.randomUUID();
}
