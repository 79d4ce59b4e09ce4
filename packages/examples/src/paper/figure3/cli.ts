/**
 * The options of `pnpm paper --figure 3` (parsed by commander; `paper/cli.ts` dispatches here).
 *
 * @module
 */
import { dataOption } from '../../cli/data-option.js';
import { Command, Option } from 'commander';
import { choiceOption, intOption, listOption, numberListOption, pathOption } from '../../cli/options.js';
import { usagePhase } from '../../cli/exit.js';
import { FIGURE3_DEFAULTS, checkFigure3Config, type Figure3Config, type Figure3Method } from './config.js';
import { figure3Table, runFigure3 } from './run.js';

/** The `pnpm paper --figure 3` program. @category Paper */
export function figure3Program(): Command {
  const d = FIGURE3_DEFAULTS;
  const int = (name: string, min = 1): ReturnType<typeof intOption> => intOption(name, { min });
  const opt = <T>(flags: string, about: string, parse: (v: string) => T, dflt?: T): Option => {
    const o = new Option(flags, about).argParser(parse);
    return dflt === undefined ? o : o.default(dflt);
  };
  const lr = numberListOption('lr', { positive: true });
  return new Command('paper --figure 3')
    .description('Reproduce Figure 3 of Kingma & Welling (2013): AEVB vs wake-sleep vs Monte Carlo EM, marginal likelihood vs training samples evaluated.')
    .addOption(opt('--figure <n>', 'the figure (3 here)', int('figure'), 3))
    .addOption(opt('--train-sizes <list>', 'training-set sizes, one panel each', listOption('train-sizes', int('train-sizes')), [...d.trainSizes]))
    .addOption(opt('--budget <n>', 'training samples evaluated per run', int('budget'), d.budget))
    .addOption(opt('--marks <n>', 'estimates per curve (spaced by 4x, ending at the budget)', int('marks'), d.marks))
    .addOption(opt('--methods <list>', 'methods: aevb, wake-sleep, mcem', listOption('methods', choiceOption<Figure3Method>('methods', ['aevb', 'wake-sleep', 'mcem'])), [...d.methods]))
    .addOption(opt('--latent <n>', 'latent size N_z', int('latent'), d.latent))
    .addOption(opt('--hidden <n>', 'hidden units', int('hidden'), d.hidden))
    .addOption(opt('--batch <n>', 'minibatch size M', int('batch'), d.batch))
    .addOption(opt('--lr <x>', 'Adagrad step size of every method', (v) => lr(v)[0] as number, d.lr))
    .addOption(opt('--eval-size <n>', 'first training and test points of the marginal likelihood', int('eval-size'), d.evalSize))
    .addOption(opt('--eval-warmup <n>', 'HMC warmup transitions per datapoint of the estimator', int('eval-warmup'), d.evalWarmup))
    .addOption(opt('--eval-draws <n>', 'HMC draws per datapoint of the estimator', int('eval-draws'), d.evalDraws))
    .addOption(opt('--eval-chains <n>', 'HMC chains per datapoint of the estimator (datapoints whose chains disagree are refused)', int('eval-chains'), d.evalChains))
    .addOption(opt('--truncation <p>', "mass of each datapoint's Gaussian q kept in its ellipsoid", (v) => lr(v)[0] as number, d.truncation))
    .addOption(opt('--leapfrog-steps <n>', 'MCEM: leapfrog steps per HMC transition', int('leapfrog-steps'), d.leapfrogSteps))
    .addOption(opt('--updates-per-sample <n>', 'MCEM: weight updates per acquired sample', int('updates-per-sample'), d.updatesPerSample))
    .addOption(opt('--data <set>', 'mnist (full MNIST, 60,000 / 10,000), embedded (10,000 digits) or a folder of MNIST IDX files', dataOption('data'), d.data))
    .addOption(opt('--seed <n>', 'seed of everything', int('seed', 0), d.seed))
    .addOption(opt('--out <dir>', 'output folder', pathOption('out'), d.out))
    .showHelpAfterError('(add --help for the options)')
    .action(async (o: Record<string, unknown>) => {
      const cfg: Figure3Config = {
        trainSizes: o['trainSizes'] as number[],
        budget: o['budget'] as number,
        marks: o['marks'] as number,
        methods: o['methods'] as Figure3Method[],
        latent: o['latent'] as number,
        hidden: o['hidden'] as number,
        batch: o['batch'] as number,
        lr: o['lr'] as number,
        evalSize: o['evalSize'] as number,
        evalWarmup: o['evalWarmup'] as number,
        evalDraws: o['evalDraws'] as number,
        evalChains: o['evalChains'] as number,
        truncation: o['truncation'] as number,
        leapfrogSteps: o['leapfrogSteps'] as number,
        updatesPerSample: o['updatesPerSample'] as number,
        data: o['data'] as string,
        seed: o['seed'] as number,
        out: o['out'] as string,
      };
      await usagePhase(() => Promise.resolve(checkFigure3Config(cfg)));
      const report = await runFigure3(cfg);
      process.stdout.write(`${figure3Table(report)}\nwrote ${report.files.join(', ')} to ${cfg.out}\n`);
    });
}

/** The figure that `argv` asks for: `--figure N` or `--figure=N` (default 2). @category Paper */
export function requestedFigure(argv: readonly string[]): string {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--figure') return argv[i + 1] ?? '';
    if (a.startsWith('--figure=')) return a.slice('--figure='.length);
  }
  return '2';
}
