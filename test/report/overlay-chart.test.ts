import { existsSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { overlayChartPng, overlaySpec } from '../../src/report/overlay-chart.js';

const points = (f: (x: number) => number) => [1, 2, 3, 4].map((x) => ({ x, y: f(x) }));
const series = [
  { run: 'a', name: 'z1', points: points((x) => x) },
  { run: 'a', name: 'z2', points: points(() => 0) },
  { run: 'b', name: 'z1', points: points((x) => 2 * x) },
];
const options = { title: 't', xLabel: 'step', yLabel: 'KL', logY: true, layout: 'panels' } as const;
type Row = { kind: string; run: string; series: string; y: number };
const rowsOf = (spec: unknown): Row[] => (spec as { data: { values: Row[] } }).data.values;

describe('overlaySpec', () => {
  it('panels: one facet per run in order, shared scales, floors as rule rows, y <= 0 left out on a log axis', () => {
    const spec = overlaySpec(series, [{ run: 'b', name: 'floor 2', y: 2, from: 1, to: 4 }, { run: 'a', name: 'floor 0', y: 0, from: 1, to: 4 }], options) as unknown as Record<string, unknown>;

    expect(spec.facet).toMatchObject({ field: 'run', sort: ['a', 'b'] });
    expect(spec.resolve).toEqual({ scale: { x: 'shared', y: 'shared' } });
    expect(rowsOf(spec).filter((r) => r.kind === 'floor')).toEqual([{ kind: 'floor', run: 'b', series: 'floor 2', x: 1, x2: 4, y: 2 }]);
    expect(rowsOf(spec).filter((r) => r.kind === 'line')).toHaveLength(8);
  });

  it('overlay: colour by run, dash by series', () => {
    const spec = overlaySpec(series, [], { ...options, logY: false, layout: 'overlay' }) as unknown as { encoding: Record<string, { field: string }> };

    expect(spec.encoding.color.field).toBe('run');
    expect(spec.encoding.strokeDash.field).toBe('series');
  });

  it('refuses no series, a repeated series of a run, and nothing to draw, naming the argument', () => {
    expect(() => overlaySpec([], [], options)).toThrow('overlaySpec: series is empty');
    expect(() => overlaySpec([series[0], series[0]], [], options)).toThrow('a run repeats a series name');
    expect(() => overlaySpec([series[1]], [], options)).toThrow('no plottable point in series (logY needs y > 0)');
  });
});

describe.runIf(existsSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'))('overlayChartPng', () => {
  it('renders two panels side by side, wider than tall', async () => {
    const png = PNG.sync.read(await overlayChartPng(series, [{ run: 'a', name: 'floor', y: 2, from: 1, to: 4 }], options));

    expect(png.width).toBeGreaterThan(png.height * 1.5);
  });
});
