/**
 * Static PNG charts for reports: a vega-lite spec is compiled to vega, laid
 * out headlessly to SVG and rasterised by resvg with the system's DejaVu Sans
 * (Debian package fonts-dejavu-core; without any system font the text is
 * silently missing from the picture).
 */
import { Resvg } from '@resvg/resvg-js';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

const FONT = 'DejaVu Sans';
const WIDTH = 640;
const HEIGHT = 400;
const SCALE = 2;

/** One named line of a line chart. */
export interface LineSeries {
  readonly name: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

/** Labels and scale of a line chart. */
export interface LineChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Logarithmic y axis (e.g. KL per latent node); points with y <= 0 are then left out. */
  readonly logY?: boolean;
}

/** One named set of values of an overlaid histogram. */
export interface HistogramGroup {
  readonly name: string;
  readonly values: ArrayLike<number>;
}

/** Labels and bin count of a histogram. */
export interface HistogramOptions {
  readonly title: string;
  readonly xLabel: string;
  /** Number of equal-width bins spanning all groups' values; defaults to 50. */
  readonly bins?: number;
}

/** Renders a vega-lite spec to PNG bytes at {@link SCALE} times its CSS pixel size. */
export const renderPng = async (spec: TopLevelSpec): Promise<Buffer> => {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const image = new Resvg(svg, {
      font: { loadSystemFonts: true, defaultFontFamily: FONT, sansSerifFamily: FONT },
      fitTo: { mode: 'zoom', value: SCALE },
    });
    return image.render().asPng();
  } finally {
    view.finalize();
  }
};

/**
 * The spec fields every chart shares: schema, title, size, white
 * background, font, and legend labels in full (vega-lite cuts them at 160
 * px by default: 'fashion-mnist (in-distribution)' read 'fashion-mnist (in-...').
 */
export const common = (title: string) => ({
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  title,
  width: WIDTH,
  height: HEIGHT,
  background: 'white',
  config: { font: FONT, legend: { labelLimit: 0 } },
});

/**
 * A line chart with one coloured, legended line per series, e.g. training
 * curves or the log KL of each latent node over training. Points with a
 * non-finite coordinate (and, with `logY`, with y <= 0) are left out. Throws a
 * RangeError naming the argument when there are no series, two series share a
 * name, or no point is left to draw.
 */
export const lineChartPng = async (series: readonly LineSeries[], options: LineChartOptions): Promise<Buffer> => {
  if (series.length === 0) throw new RangeError('lineChartPng: series is empty');
  const names = new Set(series.map((s) => s.name));
  if (names.size !== series.length) throw new RangeError('lineChartPng: series names must be distinct');
  const rows = series.flatMap((s) =>
    s.points
      .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!options.logY || p.y > 0))
      .map((p) => ({ series: s.name, x: p.x, y: p.y })),
  );
  if (rows.length === 0) throw new RangeError(`lineChartPng: no plottable point in series${options.logY ? ' (logY needs y > 0)' : ''}`);
  return renderPng({
    ...common(options.title),
    data: { values: rows },
    mark: { type: 'line', clip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: options.xLabel, scale: { zero: false } },
      y: { field: 'y', type: 'quantitative', title: options.yLabel, scale: options.logY ? { type: 'log' } : { zero: false } },
      color: { field: 'series', type: 'nominal', title: null, sort: series.map((s) => s.name) },
    },
  });
};

/**
 * Per-group counts over `bins` equal-width bins spanning every finite value of
 * every group; when all values are equal the bins span one unit around them.
 */
const binned = (groups: readonly HistogramGroup[], bins: number) => {
  let low = Infinity;
  let high = -Infinity;
  for (const g of groups) {
    for (let i = 0; i < g.values.length; i++) {
      const v = g.values[i];
      if (Number.isFinite(v)) {
        low = Math.min(low, v);
        high = Math.max(high, v);
      }
    }
  }
  if (low > high) throw new RangeError('histogramPng: groups hold no finite value');
  if (low === high) {
    low -= 0.5;
    high += 0.5;
  }
  const width = (high - low) / bins;
  return groups.flatMap((g) => {
    const counts = new Array<number>(bins).fill(0);
    for (let i = 0; i < g.values.length; i++) {
      const v = g.values[i];
      if (Number.isFinite(v)) counts[Math.min(bins - 1, Math.floor((v - low) / width))] += 1;
    }
    return counts.map((count, i) => ({ group: g.name, start: low + i * width, end: low + (i + 1) * width, count }));
  });
};

/**
 * Overlaid, semi-transparent histograms of several groups on shared bins, e.g.
 * the per-image ELBO of an in-distribution and an out-of-distribution test set.
 * Non-finite values are left out. Throws a RangeError naming the argument when
 * there are no groups, two groups share a name, `bins` is not a positive
 * integer, or no finite value is given.
 */
export const histogramPng = async (groups: readonly HistogramGroup[], options: HistogramOptions): Promise<Buffer> => {
  if (groups.length === 0) throw new RangeError('histogramPng: groups is empty');
  if (new Set(groups.map((g) => g.name)).size !== groups.length) throw new RangeError('histogramPng: group names must be distinct');
  const bins = options.bins ?? 50;
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`histogramPng: options.bins must be a positive integer, got ${bins}`);
  return renderPng({
    ...common(options.title),
    data: { values: binned(groups, bins) },
    mark: { type: 'rect', opacity: 0.5 },
    encoding: {
      x: { field: 'start', type: 'quantitative', title: options.xLabel, scale: { zero: false } },
      x2: { field: 'end' },
      y: { field: 'count', type: 'quantitative', title: 'count', axis: { tickMinStep: 1, format: 'd' } },
      y2: { datum: 0 },
      color: { field: 'group', type: 'nominal', title: null, sort: groups.map((g) => g.name) },
    },
  });
};
