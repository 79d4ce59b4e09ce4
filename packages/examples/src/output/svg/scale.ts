/**
 * Axis scales and tick positions (pure).
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';

/**
 * A map from data values to pixels along one axis, with its tick values and labels.
 *
 * @category Output
 */
export interface Scale {
  /** The data interval shown, [min, max]. */
  readonly domain: readonly [number, number];
  /** The pixel interval it maps to (may be reversed for y). */
  readonly range: readonly [number, number];
  /** Maps a data value to a pixel coordinate. */
  map(v: number): number;
  /** Tick values inside the domain. */
  readonly ticks: readonly number[];
  /** Formats a tick value. */
  format(v: number): string;
}

/** The kinds of axis scale. @category Output */
export type ScaleKind = 'linear' | 'log';

/**
 * Round tick values covering [min, max]: multiples of a step of 1, 2 or 5 times a power of ten,
 * about `count` of them.
 *
 * @category Output
 */
export function niceStep(min: number, max: number, count = 5): number {
  const raw = (max - min) / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * power;
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** Formats 10^k as `10` followed by superscript digits (`10⁵`, `10⁻²`). @internal */
export function powerOfTen(k: number): string {
  const digits = String(Math.abs(k)).split('').map((d) => SUPERSCRIPT[Number(d)] ?? d).join('');
  return `10${k < 0 ? '⁻' : ''}${digits}`;
}

function widen(min: number, max: number): [number, number] {
  if (min < max) return [min, max];
  const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
  return [min - pad, max + pad];
}

/**
 * A linear scale over the data interval extended to whole ticks. A single value is widened by 10%.
 *
 * @category Output
 */
export function linearScale(dataMin: number, dataMax: number, range: readonly [number, number], count = 5): Scale {
  if (!Number.isFinite(dataMin) || !Number.isFinite(dataMax)) {
    throw new ArgumentError('linearScale', 'dataMin/dataMax', `must be finite; got [${dataMin}, ${dataMax}]`);
  }
  const [lo0, hi0] = widen(dataMin, dataMax);
  const step = niceStep(lo0, hi0, count);
  const lo = Math.floor(lo0 / step + 1e-9) * step;
  const hi = Math.ceil(hi0 / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; lo + i * step <= hi + step * 1e-9; i++) ticks.push(Number((lo + i * step).toPrecision(12)));
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const [r0, r1] = range;
  return {
    domain: [lo, hi],
    range,
    ticks,
    map: (v) => r0 + ((v - lo) / (hi - lo)) * (r1 - r0),
    format: (v) => v.toFixed(decimals),
  };
}

/**
 * A base-10 logarithmic scale over whole decades covering the data (which must be positive). Ticks
 * are the powers of ten, plus 2x and 5x when the data span fewer than three decades.
 *
 * @throws ArgumentError when the data are not positive and finite
 * @category Output
 */
export function logScale(dataMin: number, dataMax: number, range: readonly [number, number]): Scale {
  if (!(dataMin > 0) || !Number.isFinite(dataMax) || dataMax < dataMin) {
    throw new ArgumentError('logScale', 'dataMin/dataMax', `must be positive and finite for a log axis; got [${dataMin}, ${dataMax}]`);
  }
  const k0 = Math.floor(Math.log10(dataMin) + 1e-9);
  const k1 = Math.max(k0 + 1, Math.ceil(Math.log10(dataMax) - 1e-9));
  const ticks: number[] = [];
  for (let k = k0; k <= k1; k++) {
    ticks.push(10 ** k);
    if (k1 - k0 < 3 && k < k1) ticks.push(2 * 10 ** k, 5 * 10 ** k);
  }
  const [r0, r1] = range;
  const format = (v: number): string => {
    const k = Math.log10(v);
    if (v >= 1e-3 && v < 1e4) return String(Number(v.toPrecision(6)));
    return Math.abs(k - Math.round(k)) < 1e-9 ? powerOfTen(Math.round(k)) : v.toExponential(0);
  };
  return {
    domain: [10 ** k0, 10 ** k1],
    range,
    ticks,
    map: (v) => r0 + ((Math.log10(v) - k0) / (k1 - k0)) * (r1 - r0),
    format,
  };
}

/**
 * A scale of the given kind over the data interval.
 *
 * @category Output
 */
export function makeScale(kind: ScaleKind, dataMin: number, dataMax: number, range: readonly [number, number]): Scale {
  return kind === 'log' ? logScale(dataMin, dataMax, range) : linearScale(dataMin, dataMax, range);
}
