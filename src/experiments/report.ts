/**
 * The results of an experiment as text: the comparison with the paper
 * (quantity, paper, ours, target and whether it was reached), the detail
 * table, results/NAME/README.md and the gathered results/README.md. Pure:
 * the interpreter writes what these return.
 */
import { targetMet, type Comparison, type Experiment, type Table } from './experiment.js';
import { show, type Figures } from './figures.js';

/** Where and how an experiment ran, for its README and results.json. */
export interface RunContext {
  /** The reproduce command, e.g. `strata reproduce mnist`. */
  readonly command: string;
  readonly backend: string;
  /** The machine, e.g. `2 x AMD EPYC 7B13, 23.4 GiB`. */
  readonly machine: string;
  readonly quick: boolean;
  /** ISO time the results were written. */
  readonly time: string;
  /** Where the runs live, e.g. runs/reproduce/mnist. */
  readonly runsRoot: string;
}

/** A markdown table; pipes in cells are escaped. */
export const markdownTable = (t: Table): string => {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(t.columns), line(t.columns.map(() => '---')), ...t.rows.map(line)].join('\n');
};

/** The target of a comparison in words: '< 86', '> 0.95', or '-'. */
const targetText = (c: Comparison): string =>
  c.target === undefined ? '-' : [c.target.below === undefined ? '' : `< ${c.target.below}`, c.target.above === undefined ? '' : `> ${c.target.above}`].filter((s) => s !== '').join(' and ');

/** Reached, not reached or not measured. */
const verdict = (c: Comparison, f: Figures): string => {
  if (c.target === undefined) return '-';
  const met = targetMet(c.target, c.ours(f));
  const [yes, no] = c.target.verdicts ?? ['reached', 'NOT reached'];
  return met === undefined ? 'not measured' : met ? yes : no;
};

/** The comparison table: quantity, the paper's figure, ours, the target, the verdict. */
export const comparisonTable = (e: Experiment, f: Figures): Table => ({
  columns: ['quantity', 'paper', 'source', 'strata (ours)', 'target', 'verdict'],
  rows: e.comparisons.map((c) => [c.quantity, c.paper, c.source, `${show(c.ours(f), c.digits ?? 2)}${c.ours(f) === undefined || c.unit === '' ? '' : ` ${c.unit}`}`, targetText(c), verdict(c, f)]),
});

/** One line per missed or unmeasured target, saying what would reach it. */
export const missedTargets = (e: Experiment, f: Figures): string[] =>
  e.comparisons.flatMap((c) => {
    if (c.target === undefined) return [];
    const met = targetMet(c.target, c.ours(f));
    if (met === true) return [];
    const missed = c.target.verdicts?.[1] ?? 'not reached';
    return [`- ${c.quantity}: target ${targetText(c)} ${met === undefined ? 'not measured (the run or its evaluation has not finished)' : `${missed} (ours ${show(c.ours(f), c.digits ?? 2)})`}. ${c.target.remedy}`];
  });

/** The runs and evaluations as the commands that produced them, with their seeds and steps. */
const provenance = (e: Experiment, f: Figures): string[] => [
  ...e.runs.map((r) => {
    const got = f.runs[r.id];
    return `- run \`${r.id}\` (seed ${r.seed}, ${got === undefined ? 'not started' : `step ${got.step} of ${r.steps}${got.backend === undefined ? '' : `, ${got.backend}`}`}): \`${got?.command ?? 'not run'}\``;
  }),
  ...Object.entries(f.evaluations).map(([key, v]) => `- \`${key}\` at step ${v.step}: \`${v.command}\``),
];

/** results/NAME/README.md of an experiment. */
export const experimentReadme = (e: Experiment, f: Figures, ctx: RunContext, plots: readonly string[]): string => {
  const missed = missedTargets(e, f);
  return [
    `# ${e.title}${ctx.quick ? ' (quick mode: a pipeline check, not a result)' : ''}`,
    '',
    e.finding,
    '',
    `- command: \`${ctx.command}\``,
    `- budget: ${ctx.quick ? 'quick mode (tiny preset, a few dozen steps)' : e.budget}`,
    `- seeds: ${[...new Set(e.runs.map((r) => r.seed))].join(', ')}`,
    `- backend: ${ctx.backend}; machine: ${ctx.machine}`,
    `- runs in ${ctx.runsRoot}; written ${ctx.time}`,
    '',
    '## Beside the paper',
    '',
    markdownTable(comparisonTable(e, f)),
    '',
    ...(missed.length === 0 ? ['Every target was reached.'] : ['Targets not reached, claims that do not hold, and what would change them:', '', ...missed]),
    '',
    '## Our figures',
    '',
    markdownTable(e.details(f)),
    '',
    ...(plots.length === 0 ? [] : ['## Plots and samples', '', ...plots.map((p) => (p.endsWith('.png') ? `![${p}](${p})` : `- [${p}](${p})`)), '']),
    '## Provenance (every figure is the output of one of these commands)',
    '',
    ...provenance(e, f),
    '',
  ].join('\n');
};

/** A line saying how many of the plan's runs are finished, when some are not (the experiment is being spent over several sessions). */
const partial = (e: Experiment, f: Figures, command: string): string[] => {
  const done = e.runs.filter((r) => (f.runs[r.id]?.step ?? 0) >= r.steps).length;
  return done === e.runs.length ? [] : [`In progress: ${done} of ${e.runs.length} runs finished; \`${command}\` continues it.`, ''];
};

/** results/README.md: every experiment's comparison, from each results.json found (missing ones say how to produce them). */
export const gatheredReadme = (sections: readonly { readonly experiment: Experiment; readonly figures?: Figures; readonly command: string }[]): string =>
  [
    '# Reproducing the BIVA paper with strata',
    '',
    'Generated by `strata reproduce NAME` (do not edit): each experiment\'s comparison with the paper; its folder holds the README with the',
    'exact commands, seeds, budget, backend and machine, the plots and results.json.',
    '',
    ...sections.flatMap(({ experiment: e, figures: f, command }) => [
      `## [${e.name}](${e.name}/README.md): ${e.title}`,
      '',
      ...(f === undefined ? [`Not run yet: \`${command}\` (budget: ${e.budget}).`] : [...partial(e, f, command), markdownTable(comparisonTable(e, f))]),
      '',
    ]),
  ].join('\n');
