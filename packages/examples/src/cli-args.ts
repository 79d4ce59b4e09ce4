/**
 * Option parsers shared by the command-line tools (`pnpm vae`, `pnpm paper`, `pnpm example`).
 *
 * @module
 */
import { ArgumentError } from '@aevb/core';
import { InvalidArgumentError } from 'commander';

/** Parses `--name <integer>` (a sign is allowed; ranges are checked by each tool). @category CLI */
export function intOption(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`--${name} needs an integer, got '${v}'`);
    return n;
  };
}

/** Parses `--name <number>`. @category CLI */
export function numberOption(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`--${name} needs a number, got '${v}'`);
    return n;
  };
}

/** Parses `--name <a,b,c>` into numbers. @category CLI */
export function numberListOption(name: string): (v: string) => number[] {
  return (v) => {
    const xs = v.split(',').map((s) => Number(s.trim()));
    if (v.trim() === '' || xs.some((x) => !Number.isFinite(x))) throw new InvalidArgumentError(`--${name} needs comma-separated numbers, got '${v}'`);
    return xs;
  };
}

/** Throws an ArgumentError naming `tool` and `--name` unless `v` is a positive integer. @category CLI */
export function checkPositiveInt(tool: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new ArgumentError(tool, `--${name}`, `must be a positive integer, got ${v}`);
}
