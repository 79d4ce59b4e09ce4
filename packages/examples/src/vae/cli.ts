#!/usr/bin/env node
/**
 * `pnpm vae`: train the VAE (default command) or reuse a trained one (`encode`, `sample`,
 * `reconstruct`).
 *
 * @module
 */
import { Command, Option } from 'commander';
import { intOption, numberOption } from '../cli-args.js';
import { AevbError } from '@aevb/core';
import { VAE_DEFAULTS, type VaeRunConfig } from './config.js';
import { resumeConfig, runVae } from './train.js';
import { encodeCommand, reconstructCommand, sampleCommand } from './reuse.js';

const int = intOption;
const num = numberOption;

const d = VAE_DEFAULTS;
const program = new Command('vae')
  .description('Train the variational autoencoder of Kingma & Welling (2013) on MNIST (embedded digits by default).')
  .addOption(new Option('--latent <n>', 'dimension of z').default(d.latent).argParser(int('latent')))
  .addOption(new Option('--hidden <n>', 'hidden units of encoder and decoder').default(d.hidden).argParser(int('hidden')))
  .addOption(new Option('--epochs <n>', 'passes over the training data').default(d.epochs).argParser(int('epochs')))
  .addOption(new Option('--batch <n>', 'minibatch size M').default(d.batch).argParser(int('batch')))
  .addOption(new Option('--train <n>', 'use the first N training examples').argParser(int('train')))
  .addOption(new Option('--optimizer <name>', 'update rule').choices(['adam', 'adagrad']).default(d.optimizer))
  .addOption(new Option('--lr <x>', 'learning rate (default 1e-3 for adam, 0.02 for adagrad)').argParser(num('lr')))
  .addOption(new Option('--init <name>', "weight init: glorot, or the paper's N(0, 0.01)").choices(['glorot', 'paper']).default(d.init))
  .addOption(new Option('--estimator <name>', 'SGVB estimator').choices(['analytic-kl', 'monte-carlo', 'iwae']).default(d.estimator))
  .addOption(new Option('--particles <n>', 'samples per datapoint (L; K for iwae)').default(d.particles).argParser(int('particles')))
  .addOption(new Option('--decoder <name>', 'observation model').choices(['bernoulli', 'gaussian']).default(d.decoder))
  .option('--binarize', 'dynamic binarization of the inputs', false)
  .option('--data <dir>', 'folder with MNIST IDX files (train-images-idx3-ubyte[.gz], ...)')
  .option('--frey <file>', 'Frey Face .mat file (Gaussian decoder)')
  .addOption(new Option('--seed <n>', 'seed of everything').default(d.seed).argParser(int('seed')))
  .option('--out <dir>', 'output folder', d.out)
  .addOption(new Option('--ll-samples <n>', 'importance samples for the test log-likelihood').default(d.llSamples).argParser(int('ll-samples')))
  .addOption(new Option('--eval-passes <n>', 'evaluation passes averaged for the final ELBOs').default(d.evalPasses).argParser(int('eval-passes')))
  .addOption(new Option('--checkpoint-every <n>', 'save a checkpoint every N epochs (0: off)').default(d.checkpointEvery).argParser(int('checkpoint-every')))
  .option('--resume <dir>', 'continue the interrupted run whose output folder is DIR (its options are reused; --epochs may extend it)')
  .option('--no-progress', 'print one line per epoch instead of a progress bar')
  .showHelpAfterError()
  .action(async (o: Record<string, unknown>) => {
    const cfg: VaeRunConfig = {
      ...d,
      latent: o['latent'] as number,
      hidden: o['hidden'] as number,
      epochs: o['epochs'] as number,
      batch: o['batch'] as number,
      train: o['train'] as number | undefined,
      optimizer: o['optimizer'] as VaeRunConfig['optimizer'],
      lr: (o['lr'] as number | undefined) ?? (o['optimizer'] === 'adagrad' ? 0.02 : 1e-3),
      init: o['init'] as VaeRunConfig['init'],
      estimator: o['estimator'] as VaeRunConfig['estimator'],
      particles: o['particles'] as number,
      decoder: o['decoder'] as VaeRunConfig['decoder'],
      binarize: o['binarize'] === true,
      data: o['data'] as string | undefined,
      frey: o['frey'] as string | undefined,
      seed: o['seed'] as number,
      out: o['out'] as string,
      llSamples: o['llSamples'] as number,
      evalPasses: o['evalPasses'] as number,
      checkpointEvery: o['checkpointEvery'] as number,
    };
    const resumeDir = o['resume'] as string | undefined;
    const epochsGiven = program.getOptionValueSource('epochs') === 'cli';
    const run = resumeDir === undefined ? cfg : resumeConfig(resumeDir, epochsGiven ? { epochs: cfg.epochs } : {});
    const m = await runVae(run, undefined, o['progress'] !== false, resumeDir !== undefined);
    const acc = m.latentKnnAccuracy === undefined ? '' : `, k-NN accuracy on latent means ${(100 * m.latentKnnAccuracy).toFixed(1)}%`;
    process.stdout.write(
      `train ELBO ${m.trainElbo.toFixed(2)}  test ELBO ${m.testElbo.toFixed(2)}  test log p(x) ≈ ${m.testLogLikelihood.toFixed(2)} (K=${m.logLikelihoodSamples})` +
        `  ${m.examplesPerSecond.toFixed(0)} examples/s on ${m.backend}${acc}\n` +
        `denoising MSE: noisy ${m.denoising.noisy.before.toFixed(4)} -> ${m.denoising.noisy.after.toFixed(4)}, ` +
        `half-masked ${m.denoising.masked.before.toFixed(4)} -> ${m.denoising.masked.after.toFixed(4)}\n` +
        `wrote ${m.files.join(', ')} to ${run.out}\n`,
    );
  });

program.command('encode').description('write latent means of the test digits (JSON) using a trained model')
  .requiredOption('--model <dir>', 'trained model folder (out/vae/model)').option('--data <dir>', 'MNIST IDX folder').option('--out <file>', 'output JSON', 'latents.json')
  .action(async (o: { model: string; data?: string; out: string }) => encodeCommand(o));
program.command('sample').description('draw digits from the prior of a trained model')
  .requiredOption('--model <dir>', 'trained model folder').addOption(new Option('--n <n>', 'how many').default(64).argParser(int('n')))
  .addOption(new Option('--seed <n>', 'seed').default(0).argParser(int('seed'))).option('--out <file>', 'output PNG', 'samples.png')
  .action(async (o: { model: string; n: number; seed: number; out: string }) => sampleCommand(o));
program.command('reconstruct').description('reconstruct test digits with a trained model')
  .requiredOption('--model <dir>', 'trained model folder').option('--data <dir>', 'MNIST IDX folder')
  .addOption(new Option('--n <n>', 'how many').default(32).argParser(int('n'))).option('--out <file>', 'output PNG', 'reconstructions.png')
  .action(async (o: { model: string; data?: string; n: number; out: string }) => reconstructCommand(o));

program.exitOverride((err) => {
  process.exit(err.exitCode === 0 ? 0 : 2);
});
program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof AevbError) {
    process.stderr.write(`error: ${e.message}\n`);
    process.exit(2);
  }
  throw e;
});
