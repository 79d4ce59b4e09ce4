/**
 * A compact, exact encoding of the embedded MNIST digits for the browser page (pure).
 *
 * The `mnist` package stores grey values as decimal JSON (21 MB). Its 10,000 digits use only
 * 256 distinct values, so the page ships one byte per pixel (an index into the value table)
 * plus a small JSON manifest; decoding gives back exactly the numbers JSON parsing gives.
 *
 * @module
 */
import { ArgumentError, PersistenceError } from '@aevb/core';

/** The JSON half of packed digits (`digits.json`). @category Web */
export interface DigitsManifest {
  /** Always `'aevb-digits'`. */
  readonly format: 'aevb-digits';
  /** Format version (1). */
  readonly version: 1;
  /** Pixels per image (784 for 28 x 28). */
  readonly pixels: number;
  /** Images of digit 0, 1, ..., 9, in file order. */
  readonly counts: readonly number[];
  /** The distinct grey values; byte k of the blob stands for `levels[k]`. */
  readonly levels: readonly number[];
}

/** Packed digits: the manifest and one byte per pixel (digit 0's images first). @category Web */
export interface PackedDigits {
  /** What the bytes hold. */
  readonly manifest: DigitsManifest;
  /** Level indices, `sum(counts) * pixels` bytes. */
  readonly bytes: Uint8Array;
}

/**
 * Packs ten per-digit pixel arrays (as read from the `mnist` package) into one byte per pixel.
 *
 * @throws ArgumentError when there are not ten arrays, a length is not a multiple of `pixels`,
 *   or the data hold more than 256 distinct values
 * @category Web
 */
export function packDigits(perDigit: readonly ArrayLike<number>[], pixels = 784): PackedDigits {
  if (perDigit.length !== 10) throw new ArgumentError('packDigits', 'perDigit', `must hold 10 arrays; got ${perDigit.length}`);
  const index = new Map<number, number>();
  const levels: number[] = [];
  const total = perDigit.reduce((n, a) => n + a.length, 0);
  const bytes = new Uint8Array(total);
  let k = 0;
  perDigit.forEach((a, d) => {
    if (a.length % pixels !== 0) {
      throw new ArgumentError('packDigits', `perDigit[${d}]`, `length ${a.length} is not a multiple of ${pixels}`);
    }
    for (let i = 0; i < a.length; i++) {
      const v = a[i] as number;
      let level = index.get(v);
      if (level === undefined) {
        if (levels.length === 256) throw new ArgumentError('packDigits', 'perDigit', 'holds more than 256 distinct values');
        level = levels.length;
        levels.push(v);
        index.set(v, level);
      }
      bytes[k++] = level;
    }
  });
  const counts = perDigit.map((a) => a.length / pixels);
  return { manifest: { format: 'aevb-digits', version: 1, pixels, counts, levels }, bytes };
}

/**
 * Validates a manifest read from untrusted input.
 *
 * @param where - the file or URL, for error messages
 * @throws PersistenceError naming `where` and the problem
 * @category Web
 */
export function parseDigitsManifest(json: unknown, where: string): DigitsManifest {
  const fail = (problem: string): never => {
    throw new PersistenceError(`${where}: ${problem}`);
  };
  if (typeof json !== 'object' || json === null) return fail('is not a JSON object');
  const o = json as Record<string, unknown>;
  if (o['format'] !== 'aevb-digits') return fail(`is not a packed digits manifest (format ${String(o['format'])})`);
  if (o['version'] !== 1) return fail(`has version ${String(o['version'])}; this page reads version 1`);
  const pixels = o['pixels'];
  if (typeof pixels !== 'number' || !Number.isInteger(pixels) || pixels < 1) return fail(`has invalid pixels ${String(pixels)}`);
  const counts = o['counts'];
  if (!Array.isArray(counts) || counts.length !== 10 || !counts.every((c) => Number.isInteger(c) && (c as number) >= 0)) {
    return fail('needs ten non-negative integer counts');
  }
  const levels = o['levels'];
  if (!Array.isArray(levels) || levels.length > 256 || !levels.every((v) => typeof v === 'number' && v >= 0 && v <= 1)) {
    return fail('needs at most 256 levels in [0, 1]');
  }
  return { format: 'aevb-digits', version: 1, pixels, counts: counts as number[], levels: levels as number[] };
}

/**
 * Unpacks bytes into ten per-digit pixel arrays (the input of `splitPerDigit`).
 *
 * @throws PersistenceError when the byte count or a level index does not match the manifest
 * @category Web
 */
export function unpackDigits(packed: PackedDigits, where = 'digits'): Float32Array[] {
  const { manifest, bytes } = packed;
  const total = manifest.counts.reduce((n, c) => n + c, 0) * manifest.pixels;
  if (bytes.length !== total) throw new PersistenceError(`${where}: holds ${bytes.length} bytes, the manifest declares ${total}`);
  const table = Float32Array.from(manifest.levels);
  const out: Float32Array[] = [];
  let k = 0;
  for (const c of manifest.counts) {
    const a = new Float32Array(c * manifest.pixels);
    for (let i = 0; i < a.length; i++) {
      const b = bytes[k++] as number;
      if (b >= table.length) throw new PersistenceError(`${where}: byte ${k - 1} is level ${b}, but there are ${table.length} levels`);
      a[i] = table[b] as number;
    }
    out.push(a);
  }
  return out;
}
