import { describe, expect, it } from 'vitest';
import { choiceOption, intOption, listOption, numberListOption, numberOption, pathOption } from './options.js';

describe('cli/options', () => {
  describe('intOption', () => {
    const steps = intOption('steps', { min: 1 });
    it('reads decimal integers with an optional sign', () => {
      expect(steps('200')).toBe(200);
      expect(steps(' +7 ')).toBe(7);
      expect(intOption('seed')('-3')).toBe(-3);
    });
    it('refuses what is not written as an integer, naming the flag (1e3 ran 1 step, 10abc ran 10, abc gave NaN)', () => {
      for (const v of ['1e3', '10abc', 'abc', '', '2.0', '0x10', '9007199254740993']) expect(() => steps(v)).toThrow(`--steps needs an integer, got '${v}'`);
    });
    it('checks the range', () => {
      expect(() => steps('-5')).toThrow('--steps must be at least 1, got -5');
      expect(() => intOption('port', { min: 0, max: 65535 })('70000')).toThrow('--port must be at most 65535, got 70000');
    });
  });
  describe('numberOption', () => {
    it('reads finite decimal numbers and refuses the rest', () => {
      expect(numberOption('lr')('1e-3')).toBe(0.001);
      expect(numberOption('lr')('.5')).toBe(0.5);
      for (const v of ['abc', '', 'Infinity', 'NaN', '0x10', '1e400']) expect(() => numberOption('lr')(v)).toThrow(`--lr needs a number, got '${v}'`);
      expect(() => numberOption('lr', { positive: true })('0')).toThrow('--lr must be positive, got 0');
    });
  });
  describe('listOption', () => {
    it('parses every item and refuses duplicates and empty items', () => {
      const latents = listOption('latents', intOption('latents', { min: 1 }));
      expect(latents('3, 5,10')).toEqual([3, 5, 10]);
      expect(() => latents('3,3')).toThrow("--latents lists 3 twice, got '3,3'");
      expect(() => latents('3,,5')).toThrow('--latents needs a comma-separated list without empty items');
      expect(() => latents('3,x')).toThrow("--latents needs an integer, got 'x'");
      expect(() => numberListOption('lrs')('0.1,1e-1')).toThrow("--lrs lists 1e-1 twice, got '0.1,1e-1'");
      const methods = listOption('methods', choiceOption('methods', ['aevb', 'wake-sleep'] as const));
      expect(methods('aevb,wake-sleep')).toEqual(['aevb', 'wake-sleep']);
      expect(() => methods('aevb,aevb')).toThrow("--methods lists aevb twice, got 'aevb,aevb'");
      expect(() => methods('aevb,sleep')).toThrow("--methods must be one of aevb, wake-sleep, got 'sleep'");
    });
  });
  describe('pathOption', () => {
    it('refuses an empty path (vae --out "" wrote into the current folder)', () => {
      expect(pathOption('out')('out/vae')).toBe('out/vae');
      expect(() => pathOption('out')('')).toThrow('--out needs a path, got an empty value');
      expect(() => pathOption('out')('  ')).toThrow('--out needs a path, got an empty value');
    });
  });
});
