// The live VAE page in a real headless Chromium: build it (Vite), serve it, train two epochs on a
// small subset, check the ELBO rose, the pictures are not blank and no console error appeared,
// load a model saved in Node, and save a screenshot to out/browser/demo.png.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmbeddedMnist } from '../../packages/examples/src/data/mnist-embedded.js';
import { saveVae } from '../../packages/examples/src/vae/saved-model.js';
import { buildPage } from '../../packages/examples/src/web/build-page.js';
import { CHROMIUM_HELP, findChromium, launchChromium, type LaunchedChromium, type Page } from '../../packages/examples/src/web/chromium.js';
import { randomSubset } from '../../packages/examples/src/web/settings.js';
import { serveStatic, type StaticServer } from '../../packages/examples/src/web/static-server.js';
import { VaeTrainer } from '../../packages/examples/src/web/trainer.js';

const executable = findChromium();
if (executable === undefined) console.warn(`browser test skipped: ${CHROMIUM_HELP}`);

interface PageStatus {
  state: string;
  backend: { name: string; skipped: { name: string; reason: string }[] } | undefined;
  initialTestElbo: number | undefined;
  epochs: { epoch: number; trainElbo: number; testElbo: number; examplesPerSecond: number }[];
  examplesPerSecond: number;
  error: string | undefined;
}

const ROOT = new URL('../../', import.meta.url).pathname;
// A small run: 500 training digits, 10 steps of 50 per epoch, 200 test digits.
const SMALL = { latent: 2, hidden: 100, trainSize: 500, testSize: 200, batch: 50, epochs: 2, lr: 3e-3, seed: 0 };
const query = `?latent=${SMALL.latent}&hidden=${SMALL.hidden}&train=${SMALL.trainSize}&test=${SMALL.testSize}&batch=${SMALL.batch}&epochs=${SMALL.epochs}&lr=${SMALL.lr}`;

const status = (page: Page): Promise<PageStatus> => page.evaluate(() => (window as unknown as { aevbDemo: PageStatus }).aevbDemo);
const waitState = (page: Page, states: string[], timeout: number): Promise<unknown> =>
  page.waitForFunction((s) => s.includes(document.body.dataset['state'] ?? ''), states, { timeout });

/** Per canvas: its size, and the fraction of pixels that are neither black nor one flat grey. */
function canvasInk(page: Page): Promise<Record<string, { w: number; h: number; ink: number; std: number }>> {
  return page.evaluate(() => {
    const out: Record<string, { w: number; h: number; ink: number; std: number }> = {};
    for (const c of Array.from(document.querySelectorAll('canvas'))) {
      const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray(0);
      let ink = 0;
      let s = 0;
      let s2 = 0;
      const n = d.length / 4;
      for (let i = 0; i < d.length; i += 4) {
        const v = d[i] ?? 0;
        if (v > 64) ink++;
        s += v;
        s2 += v * v;
      }
      out[c.id] = { w: c.width, h: c.height, ink: ink / Math.max(n, 1), std: Math.sqrt(Math.max(s2 / Math.max(n, 1) - (s / Math.max(n, 1)) ** 2, 0)) };
    }
    return out;
  });
}

describe.skipIf(executable === undefined)('the live VAE page in headless Chromium', () => {
  let dir: string;
  let modelDir: string;
  let server: StaticServer;
  let browser: LaunchedChromium;
  let nodeElbo: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aevb-web-'));
    // A model trained in Node for one epoch and saved like `pnpm vae` does, to load in the page.
    const split = loadEmbeddedMnist();
    const trainer = new VaeTrainer(randomSubset(split.train, SMALL.trainSize, SMALL.seed + 101), randomSubset(split.test, SMALL.testSize, SMALL.seed + 202), { ...SMALL, epochs: 1 });
    await trainer.run();
    nodeElbo = await trainer.testElbo();
    modelDir = join(dir, 'node-run', 'model');
    await saveVae(modelDir, { ...trainer.config, height: 28, width: 28, encoderHidden: [SMALL.hidden] }, trainer.svi.params);
    trainer.dispose();
    await buildPage(join(dir, 'site'), [modelDir]);
    server = await serveStatic(join(dir, 'site'));
    browser = await launchChromium(executable as string);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('trains two epochs: the ELBO rises, the canvases hold digits, no console error', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await page.goto(server.url + query);
    await waitState(page, ['ready', 'error'], 60_000);
    const before = await status(page);
    expect(before.error).toBeUndefined();
    expect(['webgl', 'wasm', 'cpu']).toContain(before.backend?.name);
    expect(await page.textContent('#backend')).toContain(before.backend?.name ?? '?');
    // "auto" skips WebGL that renders in software (headless Chromium without a GPU: SwiftShader).
    const renderer = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl');
      const ext = gl?.getExtension('WEBGL_debug_renderer_info');
      return gl === null || gl === undefined ? '' : String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    });
    if (/swiftshader|llvmpipe|software/i.test(renderer)) {
      expect(before.backend?.name).toBe('wasm');
      expect(await page.textContent('#backend')).toContain('WebGL renders in software here: wasm chosen');
    }
    // An untrained VAE scores about -545 nats per digit (784 Bernoulli terms near p = 1/2).
    expect(before.initialTestElbo).toBeLessThan(-400);

    await page.click('#start');
    await waitState(page, ['done', 'error'], 180_000);
    const after = await status(page);
    expect(after.error).toBeUndefined();
    expect(after.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    // 20 Adam steps take the test ELBO from about -545 to about -210; each epoch's gain is tens of
    // nats, while the evaluation noise (one z per digit, 200 digits) is about 1 nat.
    const [e1, e2] = after.epochs;
    expect(e1?.testElbo).toBeGreaterThan((before.initialTestElbo ?? 0) + 50);
    expect(e2?.testElbo).toBeGreaterThan(e1?.testElbo ?? 0);
    expect(after.examplesPerSecond).toBeGreaterThan(0);
    expect(await page.textContent('#status-text')).toMatch(/\d+ examples\/s/);
    expect(await page.$eval('#progress', (p) => (p as HTMLProgressElement).value)).toBe(SMALL.epochs);
    expect(await page.$eval('#curve', (c) => c.querySelectorAll('polyline').length)).toBeGreaterThanOrEqual(2);

    // Interactive manifold: the probe decodes the point under the pointer.
    const box = await page.locator('#manifold').boundingBox();
    if (box === null) throw new Error('manifold canvas not visible');
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.8);
    await page.waitForFunction(() => (document.getElementById('probe-z')?.textContent ?? '').includes('-'));
    expect(await page.textContent('#probe-z')).toMatch(/^z = \(-\d\.\d\d, -\d\.\d\d\)$/);

    mkdirSync(join(ROOT, 'out', 'browser'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'out', 'browser', 'demo.png'), fullPage: true });
    const ink = await canvasInk(page);
    for (const id of ['samples', 'recon', 'manifold', 'probe']) {
      const c = ink[id];
      expect(c, id).toBeDefined();
      expect(c?.w ?? 0, id).toBeGreaterThan(20);
      // Not blank: some bright pixels, and not one flat grey. A blank or uniform canvas has std
      // exactly 0; the faint blob one decoded point gives after 20 steps varies by 4–10 grey levels
      // depending on the draws (4.4 seen), so 2 separates "drawn" from "blank" for any seed.
      expect(c?.ink ?? 0, id).toBeGreaterThan(0.02);
      expect(c?.std ?? 0, id).toBeGreaterThan(2);
    }
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it('loads a model trained and saved in Node and scores it like Node does', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await page.goto(`${server.url}${query}&model=node-run`);
    await waitState(page, ['ready', 'error'], 60_000);
    const s = await status(page);
    expect(s.error).toBeUndefined();
    expect(await page.$eval('#model', (m) => (m as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe('saved model: node-run');
    // Same parameters and test digits, independent z draws: single-sample ELBO estimates over 200
    // digits differ by about 1 nat (per-digit spread ~10 nats / sqrt(200)); 5 nats is ~5 standard
    // errors, while an untrained model would be ~300 nats away.
    expect(Math.abs((s.initialTestElbo ?? 0) - nodeElbo)).toBeLessThan(5);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
