import { existsSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { histogramPng, lineChartPng } from '../../src/report/chart.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const fontsPresent = existsSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf');

/** Fraction of pixels that are neither white nor transparent. */
const inkedFraction = (png: PNG): number => {
  let inked = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (png.data[i + 3] > 0 && (png.data[i] < 250 || png.data[i + 1] < 250 || png.data[i + 2] < 250)) inked += 1;
  }
  return inked / (png.width * png.height);
};

const expectPlausiblePng = (bytes: Buffer): PNG => {
  expect(Array.from(bytes.subarray(0, 8))).toEqual(PNG_SIGNATURE);
  expect(bytes.length).toBeGreaterThan(10_000);
  const png = PNG.sync.read(bytes);
  expect(png.width).toBeGreaterThan(1000);
  expect(png.height).toBeGreaterThan(700);
  const inked = inkedFraction(png);
  expect(inked).toBeGreaterThan(0.01);
  expect(inked).toBeLessThan(0.6);
  return png;
};

const steps = Array.from({ length: 50 }, (_, i) => i);

describe.runIf(fontsPresent)('charts with DejaVu Sans installed', () => {
  it('renders training curves as a PNG', async () => {
    const series = [
      { name: 'train ELBO', points: steps.map((x) => ({ x, y: -200 + 100 * (1 - Math.exp(-x / 10)) })) },
      { name: 'validation ELBO', points: steps.map((x) => ({ x, y: -205 + 98 * (1 - Math.exp(-x / 10)) })) },
    ];

    const bytes = await lineChartPng(series, { title: 'Training', xLabel: 'epoch', yLabel: 'ELBO (nats)' });

    expectPlausiblePng(bytes);
  });

  it('renders KL per latent node on a log axis, leaving out non-positive values', async () => {
    const series = [1, 2, 3].map((k) => ({ name: `z${k}`, points: steps.map((x) => ({ x, y: x === 0 ? 0 : Math.exp(-k) * x })) }));

    const bytes = await lineChartPng(series, { title: 'KL per node', xLabel: 'epoch', yLabel: 'KL', logY: true });

    expectPlausiblePng(bytes);
  });

  it('renders overlaid histograms as a PNG', async () => {
    const groups = [
      { name: 'MNIST', values: steps.map((i) => -90 + Math.sin(i) * 10) },
      { name: 'Fashion-MNIST', values: steps.map((i) => -120 + Math.cos(i) * 15) },
    ];

    const bytes = await histogramPng(groups, { title: 'ELBO on test sets', xLabel: 'ELBO', bins: 20 });

    expectPlausiblePng(bytes);
  });

  it('writes legend labels in full: a long group name widens the chart by its length, not by a cut-off label', async () => {
    // Arrange
    const values = steps.map((i) => Math.sin(i));
    const width = async (name: string): Promise<number> =>
      PNG.sync.read(await histogramPng([{ name, values }, { name: 'b', values }], { title: 't', xLabel: 'x', bins: 10 })).width;
    // Act
    const [short, long] = [await width('a'), await width(`fashion-mnist (in-distribution) ${'x'.repeat(40)}`)];
    // Assert: about 70 characters of 11 px text; vega-lite's default cut is at 160 px
    expect(long - short).toBeGreaterThan(300);
  });

  it('draws the text: charts differing only in their title differ in pixels', async () => {
    const series = [{ name: 'loss', points: steps.map((x) => ({ x, y: 1 / (1 + x) })) }];

    const first = PNG.sync.read(await lineChartPng(series, { title: 'Loss', xLabel: 'epoch', yLabel: 'nats' }));
    const second = PNG.sync.read(await lineChartPng(series, { title: 'Lass', xLabel: 'epoch', yLabel: 'nats' }));

    expect([second.width, second.height]).toEqual([first.width, first.height]);
    expect(Buffer.compare(first.data, second.data)).not.toBe(0);
  });

  it('renders a histogram of identical values given as a Float32Array', async () => {
    const bytes = await histogramPng([{ name: 'constant', values: new Float32Array([3, 3, 3]) }], { title: 'constant', xLabel: 'score' });

    expectPlausiblePng(bytes);
  });
});

describe('chart arguments', () => {
  it('rejects line charts without drawable points, naming the argument', async () => {
    await expect(lineChartPng([], { title: 't', xLabel: 'x', yLabel: 'y' })).rejects.toThrow('lineChartPng: series is empty');
    await expect(lineChartPng([{ name: 'a', points: [{ x: 0, y: 0 }] }], { title: 't', xLabel: 'x', yLabel: 'y', logY: true })).rejects.toThrow(
      'lineChartPng: no plottable point in series (logY needs y > 0)',
    );
    await expect(
      lineChartPng([{ name: 'a', points: [] }, { name: 'a', points: [] }], { title: 't', xLabel: 'x', yLabel: 'y' }),
    ).rejects.toThrow('series names must be distinct');
  });

  it('rejects histograms without finite values or with a bad bin count', async () => {
    await expect(histogramPng([{ name: 'a', values: [NaN] }], { title: 't', xLabel: 'x' })).rejects.toThrow('histogramPng: groups hold no finite value');
    await expect(histogramPng([{ name: 'a', values: [1] }], { title: 't', xLabel: 'x', bins: 0 })).rejects.toThrow('options.bins must be a positive integer');
  });
});
