/**
 * Canvas drawing for the browser example: line charts of series over steps
 * and a grid of grey images. No dependencies; the page's only charts.
 */

/** A named series of (step, value) points. */
export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
}

const colours = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];

/** Draws `series` on `canvas` with shared axes and a legend; skips non-finite points. */
export const drawLines = (canvas: HTMLCanvasElement, series: readonly Series[]): void => {
  const g = canvas.getContext('2d')!;
  const { width: w, height: h } = canvas;
  g.clearRect(0, 0, w, h);
  const pts = series.flatMap((s) => s.points).filter(([, y]) => Number.isFinite(y));
  if (pts.length === 0) return;
  const [x0, x1] = [Math.min(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[0]))];
  const [y0, y1] = [Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[1]))];
  const pad = 36;
  const sx = (x: number): number => pad + ((x - x0) / Math.max(1e-9, x1 - x0)) * (w - pad - 8);
  const sy = (y: number): number => h - 18 - ((y - y0) / Math.max(1e-9, y1 - y0)) * (h - 30);
  g.strokeStyle = '#999';
  g.strokeRect(pad, 8, w - pad - 8, h - 26);
  g.fillStyle = '#444';
  g.font = '10px sans-serif';
  g.fillText(y1.toFixed(1), 2, 14);
  g.fillText(y0.toFixed(1), 2, h - 18);
  g.fillText(`step ${x1}`, w - 60, h - 4);
  series.forEach((s, i) => {
    g.strokeStyle = colours[i % colours.length];
    g.beginPath();
    s.points.filter(([, y]) => Number.isFinite(y)).forEach(([x, y], j) => (j === 0 ? g.moveTo(sx(x), sy(y)) : g.lineTo(sx(x), sy(y))));
    g.stroke();
    g.fillStyle = colours[i % colours.length];
    g.fillText(s.name, pad + 6 + 60 * i, 20);
  });
};

/** Draws `n` images of `size` x `size` pixels (values in [0, 1]) from `values` as a square grid filling `canvas`. */
export const drawGrid = (canvas: HTMLCanvasElement, values: Float32Array, n: number, size: number): void => {
  const g = canvas.getContext('2d')!;
  const columns = Math.ceil(Math.sqrt(n));
  const image = g.createImageData(columns * size, Math.ceil(n / columns) * size);
  for (let k = 0; k < n; k++) {
    const [r0, c0] = [Math.floor(k / columns) * size, (k % columns) * size];
    for (let p = 0; p < size * size; p++) {
      const v = Math.round(255 * Math.min(1, Math.max(0, values[k * size * size + p])));
      const o = 4 * ((r0 + Math.floor(p / size)) * image.width + c0 + (p % size));
      image.data.set([v, v, v, 255], o);
    }
  }
  const off = new OffscreenCanvas(image.width, image.height);
  off.getContext('2d')!.putImageData(image, 0, 0);
  g.imageSmoothingEnabled = false;
  g.clearRect(0, 0, canvas.width, canvas.height);
  g.drawImage(off, 0, 0, canvas.width, canvas.height);
};
