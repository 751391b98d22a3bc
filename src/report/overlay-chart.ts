/**
 * Charts that compare runs: line series of several runs, either overlaid
 * on one set of axes (colour = run, dash = series, e.g. the training and
 * validation curves of every run) or as one panel per run on shared axes
 * (colour = series, e.g. the KL of each latent node, the BIVA paper's
 * Figure 2), with dashed horizontal floor rules (the free-bits lambda) in
 * the legend. Rendered like chart.ts: vega-lite to SVG to PNG.
 */
import type { TopLevelSpec } from 'vega-lite';
import { common, renderPng } from './chart.js';

/** One line of one run. */
export interface RunSeries {
  readonly run: string;
  readonly name: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

/** A dashed horizontal rule at `y` in `run`'s panel over x in [from, to], legended as `name` (e.g. 'free-bits floor 2 nats'). */
export interface FloorRule {
  readonly run: string;
  readonly name: string;
  readonly y: number;
  readonly from: number;
  readonly to: number;
}

/** Labels, scale and layout of a comparison chart. */
export interface OverlayOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Logarithmic y axis: points and rules with y <= 0 are left out. */
  readonly logY?: boolean;
  /** 'panels': one panel per run, shared axes, colour by series; 'overlay' (default): one panel, colour by run, dash by series. */
  readonly layout?: 'panels' | 'overlay';
}

/** vega's default categorical colours (tableau10), for series; floor rules are grey. */
const PALETTE = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];
const FLOOR_COLOUR = '#555555';

const PANEL_WIDTH = 360;
const PANEL_HEIGHT = 260;
const COLUMNS = 3;

const drawable = (x: number, y: number, logY: boolean | undefined): boolean => Number.isFinite(x) && Number.isFinite(y) && (!logY || y > 0);

/**
 * The vega-lite spec of a comparison chart (exported so that tests can read
 * what is drawn). Runs keep the order of their first series; non-finite
 * points are left out. Throws a RangeError naming the argument when there
 * are no series, a run repeats a series name, or no point is left to draw.
 */
export const overlaySpec = (series: readonly RunSeries[], floors: readonly FloorRule[], options: OverlayOptions): TopLevelSpec => {
  if (series.length === 0) throw new RangeError('overlaySpec: series is empty');
  const keys = series.map((s) => `${s.run}\u0000${s.name}`);
  if (new Set(keys).size !== keys.length) throw new RangeError('overlaySpec: a run repeats a series name');
  const lines = series.flatMap((s) => s.points.filter((p) => drawable(p.x, p.y, options.logY)).map((p) => ({ kind: 'line', run: s.run, series: s.name, x: p.x, y: p.y })));
  if (lines.length === 0) throw new RangeError(`overlaySpec: no plottable point in series${options.logY ? ' (logY needs y > 0)' : ''}`);
  const rules = floors.filter((f) => drawable(f.from, f.y, options.logY) && Number.isFinite(f.to)).map((f) => ({ kind: 'floor', run: f.run, series: f.name, x: f.from, x2: f.to, y: f.y }));
  const runs = [...new Set(series.map((s) => s.run))];
  const names = [...new Set([...series.map((s) => s.name), ...rules.map((r) => r.series)])];
  const x = { field: 'x', type: 'quantitative', title: options.xLabel, scale: { zero: false } } as const;
  const y = { field: 'y', type: 'quantitative', title: options.yLabel, scale: options.logY ? { type: 'log' } : { zero: false } } as const;
  const base = common(options.title);
  if (options.layout !== 'panels') {
    return {
      ...base,
      data: { values: lines },
      mark: { type: 'line', clip: true },
      encoding: {
        x,
        y,
        color: { field: 'run', type: 'nominal', title: 'run', sort: runs },
        strokeDash: { field: 'series', type: 'nominal', title: null, sort: names },
      },
    } as TopLevelSpec;
  }
  const floorNames = new Set(rules.map((r) => r.series));
  const lineNames = names.filter((n) => !floorNames.has(n));
  const range = names.map((n) => (floorNames.has(n) ? FLOOR_COLOUR : PALETTE[lineNames.indexOf(n) % PALETTE.length]));
  const color = { field: 'series', type: 'nominal', title: null, sort: names, scale: { domain: names, range } } as const;
  const { width: _w, height: _h, ...facetBase } = base;
  return {
    ...facetBase,
    data: { values: [...lines, ...rules] },
    facet: { field: 'run', type: 'nominal', title: null, sort: runs },
    columns: Math.min(COLUMNS, runs.length),
    resolve: { scale: { x: 'shared', y: 'shared' } },
    spec: {
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      layer: [
        { transform: [{ filter: "datum.kind === 'line'" }], mark: { type: 'line', clip: true }, encoding: { x, y, color } },
        { transform: [{ filter: "datum.kind === 'floor'" }], mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 1.5 }, encoding: { x, x2: { field: 'x2' }, y, color } },
      ],
    },
  } as TopLevelSpec;
};

/** The comparison chart of {@link overlaySpec} as PNG bytes (same errors). */
export const overlayChartPng = async (series: readonly RunSeries[], floors: readonly FloorRule[], options: OverlayOptions): Promise<Buffer> =>
  renderPng(overlaySpec(series, floors, options));
