#!/usr/bin/env node
/**
 * `pnpm demo`: build the live VAE page with Vite and serve it on localhost; `--build DIR` only
 * writes the static files; `--model DIR` (repeatable) bundles models saved by `pnpm vae`.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { AevbError } from '@aevb/core';
import { buildPage } from './build-page.js';
import { serveStatic } from './static-server.js';

function port(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || n > 65535) throw new InvalidArgumentError(`--port needs an integer in [0, 65535], got '${v}'`);
  return n;
}

const DEFAULT_OUT = 'out/web';
const collect = (v: string, prev: string[]): string[] => [...prev, v];

const program = new Command('demo')
  .description('Build (Vite) and serve the page that trains the MNIST VAE live in the browser.')
  .option('--build <dir>', 'only build: write the page as plain static files into DIR (serve them with any static host)')
  .option('--serve <dir>', 'only serve an existing build folder')
  .option('--model <dir>', "a model folder saved by 'pnpm vae' (e.g. out/vae/model) to offer on the page; repeatable", collect, [])
  .option('--out <dir>', 'build folder when serving', DEFAULT_OUT)
  .addOption(new Option('--port <n>', 'port on localhost (0: any free port)').default(5173).argParser(port))
  .showHelpAfterError()
  .action(async (o: { build?: string; serve?: string; model: string[]; out: string; port: number }) => {
    let dir: string;
    if (o.serve !== undefined) {
      dir = resolve(o.serve);
      if (!existsSync(join(dir, 'index.html'))) throw new AevbError(`demo --serve: '${o.serve}' holds no index.html; build it first with --build`);
    } else {
      const models = o.model.length === 0 && existsSync('out/vae/model/config.json') ? ['out/vae/model'] : o.model;
      const t0 = Date.now();
      const b = await buildPage(o.build ?? o.out, models);
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
    const stop = (): void => void server.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof AevbError) {
    process.stderr.write(`error: ${e.message}\n`);
    process.exit(2);
  }
  throw e;
});
