import { describe, expect, it } from 'vitest';
import { CommanderError } from 'commander';
import { AevbError, ArgumentError, PersistenceError } from '@aevb/core';
import { NonFiniteError } from '@aevb/inference';
import { EXIT_CODES, UsageError, exitCodeOf, usagePhase } from './exit.js';

describe('cli/exit', () => {
  describe('exitCodeOf', () => {
    it('0 for help, 2 for usage errors, 1 for failures', () => {
      expect(EXIT_CODES).toEqual({ ok: 0, failure: 1, usage: 2 });
      expect(exitCodeOf(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toBe(0);
      expect(exitCodeOf(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"))).toBe(2);
      expect(exitCodeOf(new CommanderError(1, 'commander.invalidArgument', 'bad'))).toBe(2);
      expect(exitCodeOf(new ArgumentError('vae', '--batch', 'is too large'))).toBe(2);
      expect(exitCodeOf(new UsageError('vae: --out is in use'))).toBe(2);
      expect(exitCodeOf(new NonFiniteError('diverged', undefined))).toBe(1);
      expect(exitCodeOf(new PersistenceError('disk full'))).toBe(1);
      expect(exitCodeOf(new RangeError('bug'))).toBe(1);
    });
  });
  describe('usagePhase', () => {
    it('turns aevb errors of the preparation into usage errors with the same message', async () => {
      const e = await usagePhase(() => {
        throw new PersistenceError("loadMnistIdx: data directory 'x' is missing");
      }).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(UsageError);
      expect(e).toBeInstanceOf(AevbError);
      expect((e as Error).message).toBe("loadMnistIdx: data directory 'x' is missing");
      expect(exitCodeOf(e)).toBe(2);
      // Bugs stay what they are.
      await expect(usagePhase(() => Promise.reject(new TypeError('bug')))).rejects.toThrow(TypeError);
      expect(await usagePhase(() => 5)).toBe(5);
    });
  });
});
