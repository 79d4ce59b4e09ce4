#!/usr/bin/env node
/**
 * `pnpm paper`: the paper's Figure 2 — AEVB against wake-sleep, lower bound vs training samples
 * evaluated, for several latent sizes. Exit codes: 0 done or help, 2 usage error, 1 failure.
 *
 * @module
 */
import { Command, Option } from 'commander';
import { choiceOption, intOption, listOption, numberListOption, pathOption } from '../cli/options.js';
import { runCli, usagePhase } from '../cli/exit.js';
import { dataOption } from '../cli/data-option.js';
import { PAPER_DEFAULTS, type PaperConfig, type PaperMethod } from './config.js';
import { preparePaper, resultsTable, runPaperJob } from './run.js';
import { figure3Program, requestedFigure } from './figure3/cli.js';

const d = PAPER_DEFAULTS;
const int = (name: string, min = 1): ReturnType<typeof intOption> => intOption(name, { min });
const opt = <T>(flags: string, about: string, parse: (v: string) => T, dflt?: T): Option => {
  const o = new Option(flags, about).argParser(parse);
  return dflt === undefined ? o : o.default(dflt);
};

const program = new Command('paper')
  .description('Reproduce Figure 2 of Kingma & Welling (2013): AEVB vs wake-sleep, lower bound vs training samples evaluated.')
  .addOption(opt('--figure <n>', 'the figure: 2 (this one) or 3 (AEVB vs wake-sleep vs MCEM; pnpm paper --figure 3 --help)', choiceOption('figure', ['2', '3'] as const), '2'))
  .addOption(opt('--budget <n>', 'training samples evaluated per run', int('budget'), d.budget))
  .addOption(opt('--latents <list>', 'latent sizes N_z (comma-separated, no repeats)', listOption('latents', int('latents')), [...d.latents]))
  .addOption(opt('--methods <list>', 'methods compared: aevb, wake-sleep', listOption('methods', choiceOption<PaperMethod>('methods', ['aevb', 'wake-sleep'])), [...d.methods]))
  .addOption(opt('--hidden <n>', 'hidden units (default 500 for MNIST, 200 for Frey Face)', int('hidden')))
  .addOption(opt('--batch <n>', 'minibatch size M', int('batch'), d.batch))
  .addOption(opt('--lrs <list>', 'Adagrad step sizes tried by the pilot', numberListOption('lrs', { positive: true }), [...d.learningRates]))
  .addOption(opt('--pilot-budget <n>', 'training samples per pilot run', int('pilot-budget'), d.pilotBudget))
  .addOption(opt('--init <name>', "weight init: glorot, or the paper's N(0, 0.01)", choiceOption('init', ['glorot', 'paper'] as const), d.init))
  .addOption(opt('--data <set>', 'mnist (full MNIST, 60,000 / 10,000), embedded (10,000 digits) or a folder of MNIST IDX files', dataOption('data'), d.data))
  .addOption(opt('--frey <file>', 'Frey Face .mat file (Gaussian decoder)', pathOption('frey')))
  .addOption(opt('--curve-eval-size <n>', 'train/test points for the bounds along the curves', int('curve-eval-size'), d.curveEvalSize))
  .addOption(opt('--ll-test-size <n>', 'test points for log p(x)', int('ll-test-size'), d.llTestSize))
  .addOption(opt('--ll-samples <n>', 'importance samples for log p(x)', int('ll-samples'), d.llSamples))
  .addOption(opt('--seed <n>', 'seed of everything', int('seed', 0), d.seed))
  .addOption(opt('--out <dir>', 'output folder', pathOption('out'), d.out))
  .option('--resume', 'reuse the (N_z, method) pairs an interrupted run with the same options saved in <out>/runs')
  .showHelpAfterError('(add --help for the options)')
  .action(async (o: Record<string, unknown>) => {
    const cfg: PaperConfig = {
      ...d,
      budget: o['budget'] as number,
      latents: o['latents'] as number[],
      methods: o['methods'] as PaperMethod[],
      hidden: o['hidden'] as number | undefined,
      batch: o['batch'] as number,
      learningRates: o['lrs'] as number[],
      pilotBudget: o['pilotBudget'] as number,
      init: o['init'] as PaperConfig['init'],
      data: o['data'] as string,
      frey: o['frey'] as string | undefined,
      curveEvalSize: o['curveEvalSize'] as number,
      llTestSize: o['llTestSize'] as number,
      llSamples: o['llSamples'] as number,
      seed: o['seed'] as number,
      out: o['out'] as string,
      resume: o['resume'] === true,
    };
    const job = await usagePhase(() => preparePaper(cfg));
    try {
      const report = await runPaperJob(job);
      process.stdout.write(`${resultsTable(report)}\nwrote ${report.files.join(', ')} to ${cfg.out}\n`);
    } finally {
      await job.release();
    }
  });

const argv = process.argv.slice(2);
await runCli(requestedFigure(argv) === '3' ? figure3Program() : program, argv);
