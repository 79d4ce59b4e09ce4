#!/usr/bin/env node
/**
 * `pnpm demo`: build the live VAE page with Vite and serve it on localhost; `--build DIR` only
 * writes the static files; `--model DIR` (repeatable) bundles models saved by `pnpm vae`. The
 * build folder must be new, empty or an earlier page build: files aevb did not write are never
 * deleted. Exit codes: 0 done or help, 2 usage error, 1 failure.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { UsageError, runCli, usagePhase } from '../cli/exit.js';
import { intOption, pathOption } from '../cli/options.js';
import { buildPage } from './build-page.js';
import { inspectPageFolder } from './page-folder.js';
import { checkModelFolders } from './web-assets.js';
import { serveStatic } from './static-server.js';

const DEFAULT_OUT = 'out/web';
const collect = (parse: (v: string) => string) => (v: string, prev: string[]): string[] => [...prev, parse(v)];

const program = new Command('demo')
  .description('Build (Vite) and serve the page that trains the MNIST VAE live in the browser.')
  .addOption(new Option('--build <dir>', 'only build: write the page as plain static files into DIR (new, empty, or an earlier page build)').argParser(pathOption('build')))
  .addOption(new Option('--serve <dir>', 'only serve an existing build folder').argParser(pathOption('serve')))
  .option('--model <dir>', "a model folder saved by 'pnpm vae' (e.g. out/vae/model) to offer on the page; repeatable", collect(pathOption('model')), [])
  .addOption(new Option('--out <dir>', 'build folder when serving (new, empty, or an earlier page build)').default(DEFAULT_OUT).argParser(pathOption('out')))
  .addOption(new Option('--port <n>', 'port on localhost (0: any free port)').default(5173).argParser(intOption('port', { min: 0, max: 65535 })))
  .showHelpAfterError('(add --help for the options)')
  .action(async (o: { build?: string; serve?: string; model: string[]; out: string; port: number }) => {
    let dir: string;
    if (o.serve !== undefined) {
      if (o.build !== undefined) throw new UsageError('demo: --build writes a page and --serve serves one; give one of them');
      dir = resolve(o.serve);
      if (!existsSync(join(dir, 'index.html'))) throw new UsageError(`demo --serve: '${o.serve}' holds no index.html; build it first with --build`);
    } else {
      const models = o.model.length === 0 && existsSync('out/vae/model/config.json') ? ['out/vae/model'] : o.model;
      const target = o.build ?? o.out;
      const what = o.build !== undefined ? 'demo --build' : 'demo --out';
      await usagePhase(() => {
        inspectPageFolder(target, what);
        checkModelFolders(models);
      });
      const t0 = Date.now();
      const b = await buildPage(target, models, what);
      dir = b.dir;
      process.stdout.write(
        `built the page in ${((Date.now() - t0) / 1000).toFixed(1)} s into ${dir}` +
          (b.models.length > 0 ? ` (models: ${b.models.join(', ')})` : ' (no saved model; run pnpm vae first to offer one)') + '\n',
      );
      if (o.build !== undefined) {
        process.stdout.write(`static files only: serve ${dir} with any static host (e.g. pnpm demo --serve ${o.build})\n`);
        return;
      }
    }
    const server = await serveStatic(dir, o.port, '127.0.0.1');
    process.stdout.write(`serving ${dir} at ${server.url.replace('127.0.0.1', 'localhost')}  (Ctrl-C to stop)\n`);
    await new Promise<void>((done) => {
      const stop = (): void => void server.close().then(done);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  });

await runCli(program, process.argv.slice(2));
