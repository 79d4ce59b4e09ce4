#!/usr/bin/env node
/**
 * `pnpm vae`: train the VAE (default command) or reuse a trained one (`encode`, `sample`,
 * `reconstruct`). Exit codes: 0 done or help, 2 usage error, 1 failure (see `cli/exit.ts`).
 *
 * @module
 */
import { Command, Option } from 'commander';
import { choiceOption, intOption, numberOption, pathOption } from '../cli/options.js';
import { dataOption } from '../cli/data-option.js';
import { UsageError, runCli, usagePhase } from '../cli/exit.js';
import { VAE_DEFAULTS, type VaeRunConfig } from './config.js';
import { prepareVae } from './prepare.js';
import { RESUMABLE_FLAGS } from './run-config.js';
import { trainVae } from './train.js';
import { encodeCommand, reconstructCommand, sampleCommand } from './reuse.js';

const d = VAE_DEFAULTS;
const int = (name: string, min = 1): ReturnType<typeof intOption> => intOption(name, { min });
const opt = <T>(flags: string, about: string, parse: (v: string) => T, dflt?: T): Option => {
  const o = new Option(flags, about).argParser(parse);
  return dflt === undefined ? o : o.default(dflt);
};

const program = new Command('vae')
  .description('Train the variational autoencoder of Kingma & Welling (2013) on MNIST (the full 60,000 / 10,000 split by default).')
  .enablePositionalOptions()
  .addOption(opt('--latent <n>', 'dimension of z', int('latent'), d.latent))
  .addOption(opt('--hidden <n>', 'hidden units of encoder and decoder', int('hidden'), d.hidden))
  .addOption(opt('--epochs <n>', 'passes over the training data (may grow on --resume)', int('epochs'), d.epochs))
  .addOption(opt('--batch <n>', 'minibatch size M', int('batch'), d.batch))
  .addOption(opt('--train <n>', 'use the first N training examples', int('train')))
  .addOption(opt('--optimizer <name>', 'update rule: adam or adagrad', choiceOption('optimizer', ['adam', 'adagrad'] as const), d.optimizer))
  .addOption(opt('--lr <x>', 'learning rate (default 1e-3 for adam, 0.02 for adagrad; may change on --resume)', numberOption('lr', { positive: true })))
  .addOption(opt('--init <name>', "weight init: glorot, or the paper's N(0, 0.01)", choiceOption('init', ['glorot', 'paper'] as const), d.init))
  .addOption(opt('--estimator <name>', 'SGVB estimator: analytic-kl, monte-carlo or iwae', choiceOption('estimator', ['analytic-kl', 'monte-carlo', 'iwae'] as const), d.estimator))
  .addOption(opt('--particles <n>', 'samples per datapoint (L; K for iwae)', int('particles'), d.particles))
  .addOption(opt('--decoder <name>', 'observation model: bernoulli or gaussian', choiceOption('decoder', ['bernoulli', 'gaussian'] as const), d.decoder))
  .option('--binarize', 'dynamic binarization of the inputs')
  .addOption(opt('--data <set>', 'mnist (full MNIST, 60,000 / 10,000), embedded (10,000 digits of the mnist package) or a folder of MNIST IDX files (train-images-idx3-ubyte[.gz], ...)', dataOption('data'), d.data))
  .addOption(opt('--frey <file>', 'Frey Face .mat file (Gaussian decoder)', pathOption('frey')))
  .addOption(opt('--seed <n>', 'seed of everything', int('seed', 0), d.seed))
  .addOption(opt('--out <dir>', 'output folder (must not hold another run unless --force)', pathOption('out'), d.out))
  .addOption(opt('--ll-samples <n>', 'importance samples for the test log-likelihood', int('ll-samples'), d.llSamples))
  .addOption(opt('--eval-passes <n>', 'evaluation passes averaged for the final ELBOs', int('eval-passes'), d.evalPasses))
  .addOption(opt('--checkpoint-every <n>', 'save a checkpoint every N epochs (0: off)', int('checkpoint-every', 0), d.checkpointEvery))
  .addOption(opt('--resume <dir>', `continue the run whose output folder is DIR with its saved options; only ${Object.values(RESUMABLE_FLAGS).join(', ')} may change`, pathOption('resume')))
  .option('--force', 'replace the run in --out: its checkpoints, metrics and saved model are deleted (nothing else)')
  .option('--no-progress', 'print one line per epoch instead of a progress bar')
  .showHelpAfterError('(add --help for the options)')
  .action(async (o: Record<string, unknown>) => {
    const resumeDir = o['resume'] as string | undefined;
    if (resumeDir !== undefined && o['force'] === true) throw new UsageError('vae: --resume continues a run and --force replaces one; give one of them');
    const cfg: VaeRunConfig = {
      ...d,
      ...(Object.fromEntries(Object.keys(d).filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Partial<VaeRunConfig>),
      train: o['train'] as number | undefined,
      lr: (o['lr'] as number | undefined) ?? (o['optimizer'] === 'adagrad' ? 0.02 : 1e-3),
      binarize: o['binarize'] === true,
      data: o['data'] as string,
      frey: o['frey'] as string | undefined,
      out: resumeDir ?? (o['out'] as string),
    };
    // On --resume, the options given on the command line (the others come from run-config.json).
    const given = Object.keys(d).filter((k) => program.getOptionValueSource(k) === 'cli');
    const overrides = Object.fromEntries(given.map((k) => [k, k === 'out' ? o['out'] : cfg[k as keyof VaeRunConfig]])) as Partial<VaeRunConfig>;
    const progress = o['progress'] !== false;
    const mode = resumeDir !== undefined ? 'resume' : o['force'] === true ? 'force' : 'fresh';
    const job = await usagePhase(() => prepareVae(cfg, { mode, overrides, progress }));
    try {
      const m = await trainVae(job, { progress });
      const acc = m.latentKnnAccuracy === undefined ? '' : `, k-NN accuracy on latent means ${(100 * m.latentKnnAccuracy).toFixed(1)}%`;
      process.stdout.write(
        `train ELBO ${m.trainElbo.toFixed(2)}  test ELBO ${m.testElbo.toFixed(2)}  test log p(x) ≈ ${m.testLogLikelihood.toFixed(2)} (K=${m.logLikelihoodSamples})` +
          `  ${m.examplesPerSecond.toFixed(0)} examples/s on ${m.backend}${acc}\n` +
          `denoising MSE: noisy ${m.denoising.noisy.before.toFixed(4)} -> ${m.denoising.noisy.after.toFixed(4)}, ` +
          `half-masked ${m.denoising.masked.before.toFixed(4)} -> ${m.denoising.masked.after.toFixed(4)}\n` +
          `wrote ${m.files.join(', ')} to ${job.cfg.out}\n`,
      );
    } finally {
      await job.folder.release();
    }
  });

program
  .command('encode')
  .description('write latent means of the test digits (JSON) using a trained model')
  .addOption(opt('--model <dir>', 'trained model folder (out/vae/model)', pathOption('model')).makeOptionMandatory())
  .addOption(opt('--data <set>', 'mnist, embedded or a folder of MNIST IDX files', dataOption('data'), 'mnist'))
  .addOption(opt('--out <file>', 'output JSON', pathOption('out'), 'latents.json'))
  .action(async (o: { model: string; data: string; out: string }) => encodeCommand(o));
program
  .command('sample')
  .description('draw digits from the prior of a trained model')
  .addOption(opt('--model <dir>', 'trained model folder', pathOption('model')).makeOptionMandatory())
  .addOption(opt('--n <n>', 'how many', int('n'), 64))
  .addOption(opt('--seed <n>', 'seed', int('seed', 0), 0))
  .addOption(opt('--out <file>', 'output PNG', pathOption('out'), 'samples.png'))
  .action(async (o: { model: string; n: number; seed: number; out: string }) => sampleCommand(o));
program
  .command('reconstruct')
  .description('reconstruct test digits with a trained model')
  .addOption(opt('--model <dir>', 'trained model folder', pathOption('model')).makeOptionMandatory())
  .addOption(opt('--data <set>', 'mnist, embedded or a folder of MNIST IDX files', dataOption('data'), 'mnist'))
  .addOption(opt('--n <n>', 'how many', int('n'), 32))
  .addOption(opt('--out <file>', 'output PNG', pathOption('out'), 'reconstructions.png'))
  .action(async (o: { model: string; data: string; n: number; out: string }) => reconstructCommand(o));

await runCli(program, process.argv.slice(2));
