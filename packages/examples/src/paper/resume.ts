/**
 * Resuming `pnpm paper`: every finished (N_z, method) pair is saved to
 * `<out>/runs/nz<N>-<method>.json` with the options that determine it; `--resume` reuses the
 * saved pairs whose options match and runs the rest. Without `--resume` the saved pairs are
 * deleted first, so a run never mixes results of two configurations or two code versions
 * silently.
 *
 * @module
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArgumentError, PersistenceError } from '@aevb/core';
import type { PaperConfig, PaperMethod } from './config.js';
import type { BoundPoint } from './train.js';

/** The outcome of one (N_z, method) pair. @category Paper */
export interface PaperResult {
  /** Latent size. */
  readonly latent: number;
  /** Fitting method. */
  readonly method: PaperMethod;
  /** Adagrad step size chosen by the pilot. */
  readonly lr: number;
  /** Pilot's training bound per step size tried. */
  readonly pilot: Readonly<Record<string, number>>;
  /** The curve of Figure 2. */
  readonly curve: readonly BoundPoint[];
  /** Final lower bound per datapoint on all training data. */
  readonly trainBound: number;
  /** Final lower bound per datapoint on all test data. */
  readonly testBound: number;
  /** Importance-sampled log p(x) per datapoint on the first `llTestSize` test points. */
  readonly testLogMarginal: number;
  /** Seconds of training steps. */
  readonly seconds: number;
  /** Steps rejected as non-finite. */
  readonly rejected: number;
}

/** The folder of saved pairs inside `--out`. @category Paper */
export const PAIRS_DIR = 'runs';

/** The options that determine a pair's result (everything but the lists of pairs and `--out`). */
function pairOptions(c: PaperConfig): Record<string, unknown> {
  const { budget, hidden, batch, learningRates, pilotBudget, init, data, frey, curveEvalSize, llTestSize, llSamples, seed } = c;
  return { budget, hidden: hidden ?? null, batch, learningRates, pilotBudget, init, data, frey: frey ?? null, curveEvalSize, llTestSize, llSamples, seed };
}

const fileOf = (out: string, latent: number, method: PaperMethod): string => join(out, PAIRS_DIR, `nz${latent}-${method}.json`);

/**
 * Deletes the saved pairs of `out` (a fresh run), or with `resume` checks that every saved pair
 * of a pair this run asks for was made with the same options. Errors name `--resume`, the file
 * and the option that differs.
 *
 * @example
 * ```ts
 * import { PAPER_DEFAULTS, preparePairs } from '@aevb/examples';
 * preparePairs({ ...PAPER_DEFAULTS, out: 'out/paper', resume: true }); // throws if out/paper/runs holds other options
 * ```
 * @category Paper
 */
export function preparePairs(cfg: PaperConfig): void {
  const dir = join(cfg.out, PAIRS_DIR);
  if (!cfg.resume) {
    if (existsSync(dir)) for (const f of readdirSync(dir)) if (/^nz\d+-(aevb|wake-sleep)\.json$/.test(f)) rmSync(join(dir, f));
    return;
  }
  for (const latent of cfg.latents) for (const method of cfg.methods) readPair(cfg, latent, method);
}

/**
 * The saved result of a pair when `--resume` is on and it was made with this run's options;
 * `undefined` when it is not saved (or resuming is off).
 *
 * @example
 * ```ts
 * import { PAPER_DEFAULTS, readPair } from '@aevb/examples';
 * const saved = readPair({ ...PAPER_DEFAULTS, resume: true }, 20, 'aevb');
 * console.log(saved?.testBound); // undefined until out/paper/runs/nz20-aevb.json exists
 * ```
 * @throws ArgumentError naming `--resume` when the saved pair was made with other options
 * @throws PersistenceError naming the file when it is corrupt
 * @category Paper
 */
export function readPair(cfg: PaperConfig, latent: number, method: PaperMethod): PaperResult | undefined {
  const file = fileOf(cfg.out, latent, method);
  if (!cfg.resume || !existsSync(file)) return undefined;
  let saved: { options?: Record<string, unknown>; result?: PaperResult };
  try {
    saved = JSON.parse(readFileSync(file, 'utf8')) as typeof saved;
  } catch (e) {
    throw new PersistenceError(`paper --resume: the saved pair '${file}' cannot be read (${(e as Error).message}); delete it to run the pair again`);
  }
  const r = saved.result;
  if (saved.options === undefined || r === undefined || r.latent !== latent || r.method !== method || !Array.isArray(r.curve)) {
    throw new PersistenceError(`paper --resume: the saved pair '${file}' is not a result of N_z=${latent} ${method}; delete it to run the pair again`);
  }
  const want = pairOptions(cfg);
  for (const [k, v] of Object.entries(want)) {
    if (JSON.stringify(saved.options[k]) !== JSON.stringify(v)) {
      throw new ArgumentError('paper', '--resume', `cannot reuse the saved pair '${file}': it was run with ${k} ${JSON.stringify(saved.options[k])}, this run asks ${JSON.stringify(v)}; give the same options, or another --out`);
    }
  }
  return r;
}

/**
 * Saves a finished pair with the options that determine it (written to a temporary file, then
 * renamed: never half a file).
 *
 * @example
 * ```ts
 * import { PAPER_DEFAULTS, readPair, writePair } from '@aevb/examples';
 * const cfg = { ...PAPER_DEFAULTS, out: 'out/paper', resume: true };
 * const r = readPair(cfg, 3, 'aevb');
 * if (r !== undefined) writePair({ ...cfg, out: 'out/paper-copy' }, r);
 * ```
 * @category Paper
 */
export function writePair(cfg: PaperConfig, r: PaperResult): void {
  const file = fileOf(cfg.out, r.latent, r.method);
  mkdirSync(join(cfg.out, PAIRS_DIR), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify({ options: pairOptions(cfg), result: r }, null, 2));
  renameSync(`${file}.tmp`, file);
}
