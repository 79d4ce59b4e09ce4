/**
 * The strict option parsers shared by every command-line tool (`pnpm vae`, `pnpm paper`,
 * `pnpm example`, `pnpm demo`, `pnpm bench`): integers are written as integers, numbers are
 * finite, ranges are checked where the value is read, lists refuse duplicates, paths are not
 * empty. A refused value raises commander's `InvalidArgumentError`, whose message names the flag
 * and the value (`--steps needs an integer, got '1e3'`); the tool exits with code 2.
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';
import { InvalidArgumentError } from 'commander';

/** A parser of one option value, as commander's `argParser` takes it. @category CLI */
export type OptionParser<T> = (value: string) => T;

/** Bounds of an integer option (inclusive). @category CLI */
export interface IntRange {
  /** Smallest value accepted. */
  readonly min?: number;
  /** Largest value accepted. */
  readonly max?: number;
}

const INTEGER = /^[+-]?\d+$/;

/**
 * Parses `--name <integer>`: optional sign and decimal digits only (`1e3`, `10abc`, `2.0` and
 * `''` are refused), a safe integer, within `range`.
 *
 * @example
 * ```ts
 * import { intOption } from './options.js';
 * const steps = intOption('steps', { min: 1 });
 * console.log(steps('200')); // 200
 * ```
 * @category CLI
 */
export function intOption(name: string, range: IntRange = {}): OptionParser<number> {
  return (v) => {
    const n = Number(v.trim());
    if (!INTEGER.test(v.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`--${name} needs an integer, got '${v}'`);
    return inRange(name, n, range);
  };
}

function inRange(name: string, n: number, range: IntRange): number {
  if (range.min !== undefined && n < range.min) throw new InvalidArgumentError(`--${name} must be at least ${range.min}, got ${n}`);
  if (range.max !== undefined && n > range.max) throw new InvalidArgumentError(`--${name} must be at most ${range.max}, got ${n}`);
  return n;
}

/** Bounds of a number option. @category CLI */
export interface NumberRange {
  /** Whether the value must be greater than 0. */
  readonly positive?: boolean;
}

/**
 * Parses `--name <number>`: a finite decimal number (`1e-3` is fine; `abc`, `''`, `Infinity`
 * and `0x10` are refused), positive when asked.
 *
 * @example
 * ```ts
 * import { numberOption } from './options.js';
 * console.log(numberOption('lr', { positive: true })('1e-3')); // 0.001
 * ```
 * @category CLI
 */
export function numberOption(name: string, range: NumberRange = {}): OptionParser<number> {
  return (v) => {
    const n = Number(v.trim());
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim()) || !Number.isFinite(n)) throw new InvalidArgumentError(`--${name} needs a number, got '${v}'`);
    if (range.positive === true && !(n > 0)) throw new InvalidArgumentError(`--${name} must be positive, got ${v}`);
    return n;
  };
}

/**
 * Parses `--name <a,b,c>`: every item through `item`, no empty item, no duplicate.
 *
 * @example
 * ```ts
 * import { intOption, listOption } from './options.js';
 * const latents = listOption('latents', intOption('latents', { min: 1 }));
 * console.log(latents('3,5,10')); // [3, 5, 10]
 * ```
 * @category CLI
 */
export function listOption<T>(name: string, item: OptionParser<T>): OptionParser<T[]> {
  return (v) => {
    const parts = v.split(',').map((s) => s.trim());
    if (parts.some((p) => p === '')) throw new InvalidArgumentError(`--${name} needs a comma-separated list without empty items, got '${v}'`);
    const out = parts.map(item);
    const seen = new Set<string>();
    for (const [i, x] of out.entries()) {
      const key = String(x);
      if (seen.has(key)) throw new InvalidArgumentError(`--${name} lists ${parts[i] ?? key} twice, got '${v}'`);
      seen.add(key);
    }
    return out;
  };
}

/** Parses `--name <a,b,c>` into numbers (finite, positive when asked), without duplicates. @category CLI */
export function numberListOption(name: string, range: NumberRange = {}): OptionParser<number[]> {
  return listOption(name, numberOption(name, range));
}

/**
 * Parses one of `allowed`.
 *
 * @example
 * ```ts
 * import { choiceOption, listOption } from './options.js';
 * const methods = listOption('methods', choiceOption('methods', ['aevb', 'wake-sleep'] as const));
 * console.log(methods('aevb,wake-sleep')); // ['aevb', 'wake-sleep']
 * ```
 * @category CLI
 */
export function choiceOption<C extends string>(name: string, allowed: readonly C[]): OptionParser<C> {
  return (v) => {
    if (!(allowed as readonly string[]).includes(v.trim())) throw new InvalidArgumentError(`--${name} must be one of ${allowed.join(', ')}, got '${v}'`);
    return v.trim() as C;
  };
}

/** Parses a file or folder path: not empty, not blank, no NUL byte. @category CLI */
export function pathOption(name: string): OptionParser<string> {
  return (v) => {
    if (v.trim() === '') throw new InvalidArgumentError(`--${name} needs a path, got an empty value`);
    if (v.includes('\0')) throw new InvalidArgumentError(`--${name} must not contain a NUL byte`);
    return v;
  };
}

/** Throws an ArgumentError naming `tool` and `--name` unless `v` is a positive integer. @category CLI */
export function checkPositiveInt(tool: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new ArgumentError(tool, `--${name}`, `must be a positive integer, got ${v}`);
}
