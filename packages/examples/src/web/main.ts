/**
 * The live VAE page: wires the buttons and settings to a {@link VaeTrainer} and draws its
 * progress (browser entry point; bundled by Vite).
 *
 * @module
 */
import { tf, type BackendInfo } from '@aevb/core';
import type { LabeledImageSet, Split } from '../data/image-set.js';
import { renderGrid, renderTuples } from '../output/image-grid.js';
import { WEB_ASSETS } from './asset-paths.js';
import { initPageBackend, webglRenderer } from './backend-web.js';
import { isSoftwareRenderer } from './backend-order.js';
import { loadPageDigits } from './digits-web.js';
import { ManifoldView } from './manifold-view.js';
import { listPageModels, loadModelFromFiles, loadModelFromUrl } from './model-web.js';
import { CurveView, byId, drawImage, showStatus } from './page-view.js';
import { readForm, writeForm } from './settings-form.js';
import { randomSubset, settingsFromQuery } from './settings.js';
import { VaeTrainer, type EpochReport, type InitialModel } from './trainer.js';

/** What the page exposes as `window.aevbDemo` (read by the browser test and the curious). @category Web */
export interface DemoStatus {
  /** `'loading'`, `'ready'`, `'running'`, `'paused'`, `'done'` or `'error'`. */
  state: string;
  /** The backend in use. */
  backend: BackendInfo | undefined;
  /** Test ELBO before training (or of the loaded model). */
  initialTestElbo: number | undefined;
  /** One record per epoch trained since the last reset. */
  epochs: EpochReport[];
  /** Training throughput since the last reset. */
  examplesPerSecond: number;
  /** The last error message. */
  error: string | undefined;
}

const status: DemoStatus = { state: 'loading', backend: undefined, initialTestElbo: undefined, epochs: [], examplesPerSecond: 0, error: undefined };
(window as unknown as { aevbDemo: DemoStatus }).aevbDemo = status;

const query = new URLSearchParams(location.search);
const base = new URL('./', location.href).href;
const curve = new CurveView(byId('curve'));
const manifold = new ManifoldView(byId<HTMLCanvasElement>('manifold'), byId<HTMLCanvasElement>('probe'), byId('probe-z'));
const bar = byId<HTMLProgressElement>('progress');
const statusText = byId('status-text');
const buttons = { start: byId<HTMLButtonElement>('start'), pause: byId<HTMLButtonElement>('pause'), reset: byId<HTMLButtonElement>('reset') };
const modelSelect = byId<HTMLSelectElement>('model');
let data: Split<LabeledImageSet> | undefined;
let trainer: VaeTrainer | undefined;
let running: Promise<unknown> | undefined;
let uploaded: FileList | undefined;
let priorZ: Float32Array = new Float32Array(0);
let lastElbo: number | undefined;
let stepFraction = 0;

function setState(state: string): void {
  status.state = state;
  document.body.dataset['state'] = state;
  buttons.start.disabled = !(state === 'ready' || state === 'paused');
  buttons.pause.disabled = state !== 'running';
  buttons.reset.disabled = state === 'loading';
  refreshStatus();
}

function refreshStatus(): void {
  const t = trainer;
  showStatus(bar, statusText, {
    progress: t === undefined ? 0 : t.epoch + stepFraction,
    epochs: t?.settings.epochs ?? 1,
    elbo: lastElbo,
    examplesPerSecond: t?.examplesPerSecond ?? 0,
    seconds: status.epochs.reduce((s, e) => s + e.seconds, 0),
    state: status.state,
  });
}

function fail(e: unknown): void {
  status.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  byId('error').textContent = status.error;
  setState('error');
  console.error(e);
}

async function drawPictures(t: VaeTrainer): Promise<void> {
  drawImage(byId<HTMLCanvasElement>('samples'), renderGrid(await t.decodeMeans(priorZ, 64), { height: 28, width: 28, cols: 8, scale: 2 }));
  const [x, rec] = await t.reconstructions(16);
  drawImage(byId<HTMLCanvasElement>('recon'), renderTuples([x, rec], { height: 28, width: 28, tuplesPerRow: 4, scale: 2 }));
  const two = t.config.latent === 2;
  byId('manifold-figure').hidden = !two;
  byId('manifold-note').hidden = two;
  if (two) await manifold.refresh((z, n) => t.decodeMeans(z, n));
}

async function chosenModel(): Promise<InitialModel | undefined> {
  const v = modelSelect.value;
  if (v === '') return undefined;
  if (v === '(files)') return uploaded === undefined ? undefined : loadModelFromFiles(uploaded);
  return loadModelFromUrl(new URL(v, base).href);
}

async function reset(): Promise<void> {
  if (data === undefined) return;
  setState('loading');
  trainer?.pause();
  await running?.catch(() => undefined);
  trainer?.dispose();
  trainer = undefined;
  status.epochs = [];
  status.examplesPerSecond = 0;
  status.error = undefined;
  byId('error').textContent = '';
  lastElbo = undefined;
  stepFraction = 0;
  const initial = await chosenModel();
  const settings = readForm();
  // A loaded model fixes N_z and the hidden size; training from scratch frees them again.
  writeForm(initial === undefined ? settings : { ...settings, latent: initial.config.latent, hidden: initial.config.hidden }, initial !== undefined);
  const t = new VaeTrainer(randomSubset(data.train, settings.trainSize, settings.seed + 101), randomSubset(data.test, settings.testSize, settings.seed + 202), settings, initial);
  trainer = t;
  const z = tf.randomNormal([64, t.config.latent], 0, 1, 'float32', settings.seed + 303);
  priorZ = (await z.data()) as Float32Array;
  z.dispose();
  curve.clear();
  status.initialTestElbo = await t.testElbo();
  curve.addTest(0, status.initialTestElbo);
  await drawPictures(t);
  setState('ready');
}

function start(): void {
  const t = trainer;
  if (t === undefined || running !== undefined) return;
  setState('running');
  const every = Math.max(1, Math.round(t.stepsPerEpoch / 10));
  running = t
    .run({
      onStep: (r) => {
        lastElbo = r.elbo;
        stepFraction = r.step / r.stepsPerEpoch;
        status.examplesPerSecond = r.examplesPerSecond;
        curve.addStep(r.epoch + r.step / r.stepsPerEpoch, r.elbo, every);
        refreshStatus();
      },
      onEpoch: async (r) => {
        status.epochs.push(r);
        stepFraction = 0;
        curve.addTest(r.epoch, r.testElbo);
        await drawPictures(t);
      },
    })
    .then((s) => {
      if (trainer === t) setState(s);
    })
    .catch(fail)
    .finally(() => {
      running = undefined;
    });
}

async function boot(): Promise<void> {
  setState('loading');
  const info = await initPageBackend(query.get('backend'), new URL(WEB_ASSETS.wasmDir, base).href);
  status.backend = info;
  const skipped = info.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  const renderer = webglRenderer();
  // Software WebGL (no GPU) is several times slower than wasm: "auto" skips it; say so next to the choice.
  const software = isSoftwareRenderer(renderer);
  const note = !software ? '' : info.name === 'webgl' ? ' (software rendering: wasm is faster here)' : ' (WebGL renders in software here: wasm chosen)';
  byId('backend').textContent = `${info.name}${info.simd ? ' (SIMD)' : ''}${note}`;
  byId('backend').title = [renderer === undefined ? '' : `renderer: ${renderer}`, skipped === '' ? 'first choice' : `skipped ${skipped}`].filter((t) => t !== '').join('; ');
  byId<HTMLSelectElement>('backend-select').value = query.get('backend') ?? 'auto';
  writeForm(settingsFromQuery(query), false);
  for (const m of await listPageModels(new URL(WEB_ASSETS.modelsIndex, base).href)) modelSelect.add(new Option(`saved model: ${m.name}`, m.path));
  const wanted = query.get('model');
  if (wanted !== null) modelSelect.value = Array.from(modelSelect.options).find((o) => o.textContent === `saved model: ${wanted}`)?.value ?? '';
  data = await loadPageDigits(base);
  await reset();
}

buttons.start.addEventListener('click', start);
buttons.pause.addEventListener('click', () => trainer?.pause());
buttons.reset.addEventListener('click', () => void reset().catch(fail));
modelSelect.addEventListener('change', () => void reset().catch(fail));
byId<HTMLInputElement>('files').addEventListener('change', (e) => {
  const files = (e.target as HTMLInputElement).files;
  if (files === null || files.length === 0) return;
  uploaded = files;
  if (!Array.from(modelSelect.options).some((o) => o.value === '(files)')) modelSelect.add(new Option('picked files', '(files)'));
  modelSelect.value = '(files)';
  void reset().catch(fail);
});
byId<HTMLSelectElement>('backend-select').addEventListener('change', (e) => {
  const url = new URL(location.href);
  url.searchParams.set('backend', (e.target as HTMLSelectElement).value);
  location.href = url.href;
});
void boot().catch(fail);
