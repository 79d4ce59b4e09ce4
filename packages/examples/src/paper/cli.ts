#!/usr/bin/env node
/**
 * `pnpm paper`: the paper's Figure 2 — AEVB against wake-sleep, lower bound vs training samples
 * evaluated, for several latent sizes.
 *
 * @module
 */
import { Command, Option } from 'commander';
import { intOption, numberListOption } from '../cli-args.js';
import { AevbError } from '@aevb/core';
import { PAPER_DEFAULTS, type PaperConfig, type PaperMethod } from './config.js';
import { resultsTable, runPaper } from './run.js';

const int = intOption;
const list = numberListOption;

const d = PAPER_DEFAULTS;
const program = new Command('paper')
  .description("Reproduce Figure 2 of Kingma & Welling (2013): AEVB vs wake-sleep, lower bound vs training samples evaluated.")
  .addOption(new Option('--budget <n>', 'training samples evaluated per run').default(d.budget).argParser(int('budget')))
  .addOption(new Option('--latents <list>', 'latent sizes N_z').default(d.latents).argParser(list('latents')))
  .addOption(new Option('--methods <list>', 'methods compared').default(d.methods.join(',')))
  .addOption(new Option('--hidden <n>', 'hidden units (default 500 for MNIST, 200 for Frey Face)').argParser(int('hidden')))
  .addOption(new Option('--batch <n>', 'minibatch size M').default(d.batch).argParser(int('batch')))
  .addOption(new Option('--lrs <list>', 'Adagrad step sizes tried by the pilot').default(d.learningRates).argParser(list('lrs')))
  .addOption(new Option('--pilot-budget <n>', 'training samples per pilot run').default(d.pilotBudget).argParser(int('pilot-budget')))
  .addOption(new Option('--init <name>', "weight init: glorot, or the paper's N(0, 0.01)").choices(['glorot', 'paper']).default(d.init))
  .option('--data <dir>', 'folder with MNIST IDX files')
  .option('--frey <file>', 'Frey Face .mat file (Gaussian decoder)')
  .addOption(new Option('--curve-eval-size <n>', 'train/test points for the bounds along the curves').default(d.curveEvalSize).argParser(int('curve-eval-size')))
  .addOption(new Option('--ll-test-size <n>', 'test points for log p(x)').default(d.llTestSize).argParser(int('ll-test-size')))
  .addOption(new Option('--ll-samples <n>', 'importance samples for log p(x)').default(d.llSamples).argParser(int('ll-samples')))
  .addOption(new Option('--seed <n>', 'seed of everything').default(d.seed).argParser(int('seed')))
  .option('--out <dir>', 'output folder', d.out)
  .showHelpAfterError()
  .action(async (o: Record<string, unknown>) => {
    const cfg: PaperConfig = {
      ...d,
      budget: o['budget'] as number,
      latents: o['latents'] as number[],
      methods: String(o['methods']).split(',').map((s) => s.trim()) as PaperMethod[],
      hidden: o['hidden'] as number | undefined,
      batch: o['batch'] as number,
      learningRates: o['lrs'] as number[],
      pilotBudget: o['pilotBudget'] as number,
      init: o['init'] as PaperConfig['init'],
      data: o['data'] as string | undefined,
      frey: o['frey'] as string | undefined,
      curveEvalSize: o['curveEvalSize'] as number,
      llTestSize: o['llTestSize'] as number,
      llSamples: o['llSamples'] as number,
      seed: o['seed'] as number,
      out: o['out'] as string,
    };
    const report = await runPaper(cfg);
    process.stdout.write(`${resultsTable(report)}\nwrote ${report.files.join(', ')} to ${cfg.out}\n`);
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof AevbError) {
    process.stderr.write(`error: ${e.message}\n`);
    process.exit(2);
  }
  throw e;
});
