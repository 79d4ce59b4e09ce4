/**
 * Checkpointing inside {@link fit}: resuming from a folder, saving every N steps or epochs,
 * and saving the last good state when fitting fails on non-finite steps.
 *
 * @module
 */
import { ArgumentError, type LatentSpec } from '@aevb/core';
import { applyCheckpoint, initialProgress, sviCounters, type SviCounters } from './checkpoint.js';
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

/** A frozen copy of the progress (the history arrays only grow, so lengths suffice). */
interface Mark {
  readonly state: Omit<ProgressState, 'epochs' | 'stepElbos'>;
  readonly epochs: number;
  readonly steps: number;
  readonly counters: SviCounters;
}

type NodeIo = typeof import('./checkpoint-node.js');

function positiveInt(v: number | undefined, what: string): void {
  if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new ArgumentError('fit', what, `must be a positive integer, got ${v}`);
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);
const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;

function mark<L extends LatentSpec, D extends Batch>(svi: SVI<L, D>, s: ProgressState): Mark {
  const { epochs, stepElbos, partial, ...rest } = s;
  return { state: { ...rest, partial: { ...partial } }, epochs: epochs.length, steps: stepElbos.length, counters: sviCounters(svi) };
}

/**
 * Resumes and saves checkpoints for one call of {@link fit}. @internal
 */
export class FitCheckpointer<L extends LatentSpec, D extends Batch> {
  private lastGood: Mark;
  private constructor(
    private readonly svi: SVI<L, D>,
    private readonly io: NodeIo | undefined,
    private readonly options: CheckpointOptions | undefined,
    readonly state: ProgressState,
    /** The checkpoint file the fit resumed from. */
    readonly resumedFrom: string | undefined,
  ) {
    this.lastGood = mark(svi, state);
  }

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
    }
    if (resume === true && checkpoint === undefined) throw new ArgumentError('fit', 'resume', 'is true but no checkpoint.dir says where to resume from');
    const wanted = checkpoint !== undefined || (resume !== undefined && resume !== false);
    // A variable specifier keeps bundlers from pulling the Node-only file into browser builds.
    const nodeIo = './checkpoint-node.js';
    const io = wanted ? ((await import(/* @vite-ignore */ nodeIo)) as NodeIo) : undefined;
    const state: ProgressState = { ...initialProgress(), epochs: [], stepElbos: [], partial: { ...initialProgress().partial }, dataShapes };
    let from: string | undefined;
    if (io !== undefined && resume !== undefined && resume !== false) {
      const dir = typeof resume === 'string' ? resume : (checkpoint as CheckpointOptions).dir;
      // resume: true starts afresh when the folder holds no checkpoint yet; an explicit folder must hold one.
      if (typeof resume === 'string' || (await io.hasCheckpoint(dir))) {
        const found = await io.readLatestCheckpoint(dir);
        const saved = found.data.header.progress.dataShapes;
        if (saved !== undefined && dataShapes !== undefined) {
          for (const [k, s] of Object.entries(saved)) {
            const now = dataShapes[k];
            if (now === undefined) throw new ArgumentError('fit', 'data', `has no tensor '${k}', but the checkpoint '${found.path}' was trained with one`);
            if (!sameShape(now, s)) {
              throw new ArgumentError('fit', k === 'data' ? 'data' : `data.${k}`, `has per-datapoint shape ${fmt(now)}, but the checkpoint '${found.path}' was trained on ${fmt(s)}`);
            }
          }
        }
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
    if (io !== undefined && checkpoint !== undefined) await io.ensureWritableFolder(checkpoint.dir);
    return new FitCheckpointer(svi, io, checkpoint, state, from);
  }

  /** Records the state after a step; saves when `everySteps` is due. */
  async afterStep(accepted: boolean): Promise<void> {
    if (accepted) this.lastGood = mark(this.svi, this.state);
    const every = this.options?.everySteps;
    if (every !== undefined && this.state.stepElbos.length % every === 0) await this.save();
  }

  /** Saves at the end of an epoch (`state.epoch` is the next epoch) when `everyEpochs` is due, or when fitting stops. */
  async afterEpoch(completed: number, last: boolean): Promise<void> {
    if (this.options === undefined) return;
    const every = this.options.everyEpochs ?? (this.options.everySteps === undefined ? 1 : undefined);
    if (last || (every !== undefined && completed % every === 0)) await this.save();
  }

  /** Saves the current state (no-op without checkpointing). */
  async save(): Promise<void> {
    if (this.io === undefined || this.options === undefined) return;
    await this.io.saveCheckpoint(this.options.dir, this.svi, this.progress(mark(this.svi, this.state)));
  }

  /** Saves the state as of the last accepted step (parameters and optimizer are still at it). */
  async saveLastGood(): Promise<void> {
    if (this.io === undefined || this.options === undefined) return;
    await this.io.saveCheckpoint(this.options.dir, this.svi, this.progress(this.lastGood), { counters: this.lastGood.counters });
  }

  private progress(m: Mark): FitProgress {
    return { ...m.state, epochs: this.state.epochs.slice(0, m.epochs), stepElbos: this.state.stepElbos.slice(0, m.steps) };
  }
}
