/**
 * Opening plates: the frame a plate pushes (size, full size, subsample, scale) and the checks
 * that tie a site's distribution to its enclosing plates.
 *
 * @module
 */
import type { Distribution } from './distribution.js';
import { ModelError, formatShape } from './errors.js';
import { currentPlateHandlers } from './runtime.js';
import type { PlateFrame } from './site.js';

/** Options of `ctx.plate`. @category Model DSL */
export interface PlateOptions {
  /** Size of the full data set when only `size` members are present (log-densities scale by fullSize/size). */
  readonly fullSize?: number;
  /** Batch dimension the plate indexes (negative); default: the next free one from the right. */
  readonly dim?: number;
}

/**
 * The frame of a plate opening inside `open` (the enclosing frames): its dim, then every
 * installed plate handler's rewrite (e.g. `subsample`), then the scale N/M derived once.
 *
 * @internal
 */
export function openFrame(name: string, size: number, open: readonly PlateFrame[], options: PlateOptions | undefined): PlateFrame {
  if (!Number.isInteger(size) || size < 1) throw new ModelError(`plate size must be a positive integer, got ${size}`, name);
  if (open.some((p) => p.name === name)) throw new ModelError('plate is already open (nested twice)', name);
  const used = new Set(open.map((p) => p.dim));
  let dim = options?.dim ?? -1;
  if (options?.dim === undefined) while (used.has(dim)) dim--;
  else if (!Number.isInteger(dim) || dim >= 0) throw new ModelError(`plate dim must be a negative integer, got ${dim}`, name);
  else if (used.has(dim)) throw new ModelError(`plate dim ${dim} is already used by an enclosing plate`, name);
  const fullSize = options?.fullSize ?? size;
  if (!Number.isInteger(fullSize) || fullSize < size) {
    throw new ModelError(`plate has ${size} members present but a full size of ${fullSize}`, name);
  }
  let frame: PlateFrame = { name, size, fullSize, dim, scale: 1, subsample: undefined };
  for (const h of currentPlateHandlers()) frame = h(frame);
  if (!Number.isInteger(frame.size) || frame.size < 1 || !Number.isInteger(frame.fullSize) || frame.fullSize < frame.size) {
    throw new ModelError(`plate has ${frame.size} members present but a full size of ${frame.fullSize}`, name);
  }
  if (frame.subsample !== undefined && (frame.subsample.rank !== 1 || frame.subsample.size !== frame.size || frame.subsample.dtype !== 'int32')) {
    throw new ModelError(
      `plate's subsample positions must be an int32 vector of its ${frame.size} present members, got ${frame.subsample.dtype} ${formatShape(frame.subsample.shape)}`,
      name,
    );
  }
  return { ...frame, scale: frame.fullSize / frame.size };
}

/** Checks that `dist` has each enclosing plate's size at the plate's batch dimension. @internal */
export function checkPlates(site: string, dist: Distribution, plates: readonly PlateFrame[]): void {
  const batch = dist.batchShape;
  for (const p of plates) {
    const i = batch.length + p.dim;
    if (i < 0) {
      throw new ModelError(
        `is inside plate '${p.name}' (size ${p.size}, dim ${p.dim}) but its distribution ${dist.family} has batch shape ` +
          `${formatShape(batch)} with no dim ${p.dim}; give the distribution that batch dimension (e.g. .expand)`,
        site,
      );
    }
    const b = batch[i] as number;
    if (b !== p.size) {
      throw new ModelError(
        `plate '${p.name}' has size ${p.size} but the distribution ${dist.family} has size ${b} at dim ${p.dim} ` +
          `(batch shape ${formatShape(batch)})` +
          (p.size !== p.fullSize ? `; the plate holds ${p.size} of its ${p.fullSize} members in this run` : ''),
        site,
      );
    }
  }
}
