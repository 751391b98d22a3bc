/**
 * The figures an experiment produced, as read back by the interpreter: per
 * run its step, command and seed; per evaluation its command, the step it
 * evaluated and the JSON the command wrote (eval.json, scores.json,
 * classify-test.json), untyped because other commands own those formats.
 * The accessors tolerate missing fields (a figure is then undefined and
 * printed "n/a"): a table never fails on an older or newer output.
 */
import type { EvalPlan } from './plan.js';

/** What one training run reached. */
export interface RunFigures {
  /** The step of its latest checkpoint. */
  readonly step: number;
  readonly steps: number;
  readonly seed: number;
  /** The command that created the run (`strata train ...`). */
  readonly command: string;
  /** The backend its last log record names. */
  readonly backend?: string;
  /** Training -ELBO (nats) of its last log record. */
  readonly lastNats?: number;
}

/** One evaluation's output. */
export interface EvalFigures {
  readonly command: string;
  /** The checkpoint step it evaluated. */
  readonly step: number;
  readonly result: unknown;
}

/** Every figure of an experiment: runs by id, evaluations by {@link figureKey}. */
export interface Figures {
  readonly runs: Readonly<Record<string, RunFigures>>;
  readonly evaluations: Readonly<Record<string, EvalFigures>>;
}

/**
 * The key of an evaluation in `Figures.evaluations`: its run and kind (and
 * the --vs set of a score), not its K or limit, so a plan and its quick form
 * (src/experiments/table.ts) read their figures alike.
 */
export const figureKey = (e: EvalPlan): string => `${e.run}/${e.kind === 'score' ? `score-vs-${e.vs}` : e.kind}`;

/** The value at `path` in an untyped JSON value, or undefined. */
export const at = (value: unknown, ...path: readonly (string | number)[]): unknown =>
  path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined), value);

/** The finite number at `path`, or undefined. */
export const numberAt = (value: unknown, ...path: readonly (string | number)[]): number | undefined => {
  const v = at(value, ...path);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};

/** The output of evaluation `e`, or undefined when it has not run. */
export const resultOf = (f: Figures, e: EvalPlan): unknown => f.evaluations[figureKey(e)]?.result;

/** The first finite number among several candidate paths (formats that moved a field between versions). */
export const firstNumber = (value: unknown, paths: readonly (readonly (string | number)[])[]): number | undefined => {
  for (const p of paths) {
    const n = numberAt(value, ...p);
    if (n !== undefined) return n;
  }
  return undefined;
};

/** The mean of the defined values, or undefined when none is. */
export const meanOf = (values: readonly (number | undefined)[]): number | undefined => {
  const xs = values.filter((v): v is number => v !== undefined);
  return xs.length === 0 ? undefined : xs.reduce((a, b) => a + b, 0) / xs.length;
};

/** A figure for a table: fixed digits, or "n/a" when missing. */
export const show = (v: number | undefined, digits = 2): string => (v === undefined ? 'n/a' : v.toFixed(digits));

/** The score rows of a `strata score` output (scores.json's `scores`), or an empty list. */
export const scoreRows = (result: unknown): readonly { readonly score: string; readonly auroc?: number; readonly auprc?: number; readonly fpr80?: number; readonly meanInDistribution?: number; readonly meanOutOfDistribution?: number }[] => {
  const rows = at(result, 'scores');
  return Array.isArray(rows) ? rows.filter((r): r is { score: string } => typeof at(r, 'score') === 'string') : [];
};

/** Active and total units per layer of an eval.json's `activeUnits`, the layer read from the node's name (z3_bu, z3_td and z3 are layer 3), from layer 1 up; [] when the field is missing. */
const layerUnits = (result: unknown): { layer: number; active: number; total: number }[] => {
  const units = at(result, 'activeUnits');
  if (units === null || typeof units !== 'object') return [];
  const layers = new Map<number, { active: number; total: number }>();
  for (const [name, u] of Object.entries(units as Record<string, unknown>)) {
    const layer = Number(/\d+/.exec(name)?.[0] ?? 0);
    const sum = layers.get(layer) ?? { active: 0, total: 0 };
    layers.set(layer, { active: sum.active + (numberAt(u, 'active') ?? 0), total: sum.total + (numberAt(u, 'total') ?? 0) });
  }
  return [...layers.entries()].sort(([a], [b]) => a - b).map(([layer, u]) => ({ layer, ...u }));
};

/**
 * Active units per layer of an eval.json's `activeUnits` (see
 * {@link layerUnits}) as 'active/total' cells from layer 1 up; [] when the
 * field is missing.
 */
export const activeByLayer = (result: unknown): string[] => layerUnits(result).map((u) => `${u.active}/${u.total}`);

/**
 * The fraction of active units over the latent nodes of an eval.json in
 * layers `fromLayer` and up (0, the default: every node, a name without a
 * number such as `z` being layer 0; 2: the upper latents of a hierarchy),
 * or undefined without `activeUnits` or units there.
 */
export const activeFraction = (result: unknown, fromLayer = 0): number | undefined => {
  const layers = layerUnits(result).filter((u) => u.layer >= fromLayer);
  const total = layers.reduce((a, u) => a + u.total, 0);
  return total === 0 ? undefined : layers.reduce((a, u) => a + u.active, 0) / total;
};
