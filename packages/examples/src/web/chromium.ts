/**
 * Finding and launching the system's Chromium for the browser test and benchmark (Node). Nothing
 * downloads a browser: `playwright-core` drives whatever `chromium` is installed.
 *
 * @module
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** A page of a launched browser (playwright-core's type, re-exported for tests outside this package). @category Web */
export type { Page } from 'playwright-core';

/** Where Chromium is looked for, after `$AEVB_CHROMIUM`. @category Web */
export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'] as const;

/** How to get a browser when none is found. @category Web */
export const CHROMIUM_HELP =
  'no Chromium found (looked at $AEVB_CHROMIUM and ' + CHROMIUM_PATHS.join(', ') + '). ' +
  'Install one with `sudo apt-get install -y chromium` (Debian/Ubuntu), or point AEVB_CHROMIUM at a Chromium/Chrome binary.';

/** The Chromium binary to use, or `undefined` when there is none. @category Web */
export function findChromium(): string | undefined {
  const env = process.env['AEVB_CHROMIUM'];
  if (env !== undefined && env !== '') return existsSync(env) ? env : undefined;
  return CHROMIUM_PATHS.find((p) => existsSync(p));
}

/** The flags of every launch: headless, sandbox off (containers), no GPU, no network chatter. @category Web */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** A launched browser context and how to dispose of it. @category Web */
export interface LaunchedChromium {
  /** The browser context (one fresh profile). */
  readonly context: BrowserContext;
  /** Closes the browser and deletes the profile. */
  close(): Promise<void>;
}

/**
 * Launches `executable` headless with {@link CHROMIUM_FLAGS} (plus `extraFlags`, e.g. to allow
 * software WebGL) and a fresh `--user-data-dir`.
 *
 * @category Web
 */
export async function launchChromium(executable: string, extraFlags: readonly string[] = []): Promise<LaunchedChromium> {
  const profile = mkdtempSync(join(tmpdir(), 'aevb-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: executable,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...extraFlags],
    viewport: { width: 1280, height: 1100 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
