/**
 * Drawing in the page: RGBA images onto canvases, the ELBO curves, the status line (DOM only).
 *
 * @module
 */
import type { RgbaImage } from '../output/image-grid.js';
import type { Point } from '../output/svg/frame.js';
import { elboCurvesPlot } from '../output/svg/charts.js';
import { formatDuration } from '../output/format.js';

/** Looks up an element by id; a missing one is a bug in index.html. @category Web */
export function byId<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (e === null) throw new Error(`page: element #${id} is missing from index.html`);
  return e as T;
}

/** Resizes `canvas` to the image and paints it. @category Web */
export function drawImage(canvas: HTMLCanvasElement, img: RgbaImage): void {
  canvas.width = img.width;
  canvas.height = img.height;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  ctx.putImageData(new ImageData(new Uint8ClampedArray(img.data), img.width, img.height), 0, 0);
}

/** The ELBO curves: minibatch ELBO (smoothed, fractional epochs) and test ELBO per epoch. @category Web */
export class CurveView {
  private train: Point[] = [];
  private test: Point[] = [];
  private chunk: number[] = [];

  /** @param host - the element the SVG is written into */
  constructor(private readonly host: HTMLElement) {}

  /** Forgets every point. */
  clear(): void {
    this.train = [];
    this.test = [];
    this.chunk = [];
    this.host.innerHTML = '';
  }

  /** Adds a minibatch ELBO at fractional epoch `x`; every `every` steps one averaged point is plotted. */
  addStep(x: number, elbo: number, every: number): void {
    if (Number.isFinite(elbo)) this.chunk.push(elbo);
    if (this.chunk.length >= every) {
      this.train.push([x, this.chunk.reduce((a, b) => a + b, 0) / this.chunk.length]);
      this.chunk = [];
      this.draw();
    }
  }

  /** Adds the test ELBO after `epoch` epochs. */
  addTest(epoch: number, elbo: number): void {
    this.test.push([epoch, elbo]);
    this.draw();
  }

  private draw(): void {
    if (this.train.length + this.test.length === 0) return;
    this.host.innerHTML = elboCurvesPlot({ train: this.train, test: this.test }, { width: 560, height: 340, title: 'ELBO per datapoint (train: minibatches, test: per epoch)' });
  }
}

/** Everything the status line shows. @category Web */
export interface StatusInfo {
  /** Epochs completed plus the fraction of the current one. */
  readonly progress: number;
  /** Epochs to train. */
  readonly epochs: number;
  /** Latest minibatch ELBO. */
  readonly elbo: number | undefined;
  /** Training throughput. */
  readonly examplesPerSecond: number;
  /** Seconds of step time so far. */
  readonly seconds: number;
  /** Trainer state or a message. */
  readonly state: string;
}

/** Updates the progress bar and the status text. @category Web */
export function showStatus(bar: HTMLProgressElement, text: HTMLElement, s: StatusInfo): void {
  bar.max = s.epochs;
  bar.value = Math.min(s.progress, s.epochs);
  const epoch = Math.min(Math.floor(s.progress) + (s.progress < s.epochs ? 1 : 0), s.epochs);
  const elbo = s.elbo === undefined || !Number.isFinite(s.elbo) ? '–' : s.elbo.toFixed(1);
  text.textContent =
    `${s.state} · epoch ${epoch}/${s.epochs} · minibatch ELBO ${elbo} nats · ` +
    `${s.examplesPerSecond > 0 ? s.examplesPerSecond.toFixed(0) : '–'} examples/s · ${formatDuration(s.seconds)} training`;
}
