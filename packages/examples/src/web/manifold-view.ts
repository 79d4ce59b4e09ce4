/**
 * The interactive learned manifold for N_z = 2 (DOM): the paper's Figure 4 grid, and the digit
 * decoded at the latent point under the pointer.
 *
 * @module
 */
import { renderGrid } from '../output/image-grid.js';
import { manifoldGrid, normalQuantile } from '../output/manifold.js';
import { drawImage } from './page-view.js';

/** Decodes `n` latent points (row-major `[n, 2]`) to pixel means. @category Web */
export type Decoder = (z: Float32Array, n: number) => Promise<Float32Array>;

/** Grid cells per side of the manifold picture. */
const SIZE = 20;

/**
 * Maps a pointer position in [0, 1]² over the manifold picture to its latent point: as in
 * `manifoldGrid`, z₁ = Φ⁻¹(u) grows to the right and z₂ = Φ⁻¹(1 − v) upward (v from the top).
 *
 * @category Web
 */
export function latentAt(u: number, v: number): [number, number] {
  const clamp = (p: number): number => Math.min(Math.max(p, 0.005), 0.995);
  return [normalQuantile(clamp(u)), normalQuantile(clamp(1 - v))];
}

/** The manifold picture plus the pointer probe. @category Web */
export class ManifoldView {
  private decoder: Decoder | undefined;
  private base: ImageData | undefined;
  private busy = false;
  private pending: [number, number] | undefined;
  private pointer: [number, number] | undefined;

  /**
   * @param grid - canvas for the 20 x 20 manifold picture (the latent plane)
   * @param probe - canvas for the digit under the pointer
   * @param label - element showing the pointer's z
   */
  constructor(
    private readonly grid: HTMLCanvasElement,
    private readonly probe: HTMLCanvasElement,
    private readonly label: HTMLElement,
  ) {
    grid.addEventListener('pointermove', (e) => {
      const r = grid.getBoundingClientRect();
      const u = (e.clientX - r.left) / r.width;
      const v = (e.clientY - r.top) / r.height;
      this.pointer = [u, v];
      this.request(latentAt(u, v));
    });
  }

  /** Redraws the grid with `decoder` (the current model) and refreshes the probe. */
  async refresh(decoder: Decoder): Promise<void> {
    this.decoder = decoder;
    const means = await decoder(manifoldGrid(SIZE), SIZE * SIZE);
    drawImage(this.grid, renderGrid(means, { height: 28, width: 28, cols: SIZE, pad: 0 }));
    this.base = this.grid.getContext('2d')?.getImageData(0, 0, this.grid.width, this.grid.height);
    const [u, v] = this.pointer ?? [0.5, 0.5];
    this.request(latentAt(u, v));
  }

  private request(z: [number, number]): void {
    this.pending = z;
    if (!this.busy) void this.pump();
  }

  private async pump(): Promise<void> {
    this.busy = true;
    try {
      while (this.pending !== undefined && this.decoder !== undefined) {
        const z = this.pending;
        this.pending = undefined;
        const x = await this.decoder(Float32Array.from(z), 1);
        drawImage(this.probe, renderGrid(x, { height: 28, width: 28, cols: 1, pad: 0, scale: 6 }));
        this.label.textContent = `z = (${z[0].toFixed(2)}, ${z[1].toFixed(2)})`;
        this.drawCrosshair();
      }
    } finally {
      this.busy = false;
    }
  }

  private drawCrosshair(): void {
    const ctx = this.grid.getContext('2d');
    if (ctx === null || this.base === undefined || this.pointer === undefined) return;
    ctx.putImageData(this.base, 0, 0);
    const x = this.pointer[0] * this.grid.width;
    const y = this.pointer[1] * this.grid.height;
    ctx.strokeStyle = '#e4572e';
    ctx.lineWidth = 2;
    ctx.strokeRect(x - 14, y - 14, 28, 28);
  }
}
