/**
 * `strata plot RUN...`: PNG charts from the runs' log.jsonl. One run:
 * curves.png (the loss, the training -ELBO and, when logged with
 * --eval-every, the validation -ELBO) and kl.png (log KL per latent node
 * with the free-bits floor of the run's saved objective, the paper's
 * Figure 2) in its folder, or in --out. Several runs: --out DIR receives
 * kl-A-vs-B.png (one panel per run, shared log axis, each run's floor) and
 * curves-A-vs-B.png (every run's training and validation -ELBO on one
 * chart), runs labelled by their folder names or --labels. Records of
 * intervals whose steps were all skipped (null loss, no KL) are left out.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { writeFileAtomic } from '../report/index.js';
import { comparisonCharts, trainingCharts, type RunLog } from '../train/artifacts.js';
import { savedKlFloor } from '../train/kl-floor.js';
import { readRecords } from '../train/log.js';
import { optionalString, runError, usageError, type CliError, type Command } from './command.js';

/** The records with values of the run in `dir`, labelled; a run error naming the folder or its log otherwise. */
const runLog = (dir: string, label: string): E.Either<CliError, RunLog> => {
  if (!existsSync(dir)) return E.left(runError(`${dir}: no such run folder`));
  const log = join(dir, 'log.jsonl');
  const records = readRecords(log);
  if (records.length === 0) return E.left(runError(`${log}: no log records (is ${dir} a run folder?)`));
  const usable = records.filter((r) => Number.isFinite(r.nats) && Object.values(r.kl ?? {}).some(Number.isFinite));
  if (usable.length === 0) return E.left(runError(`${log}: no log record with values (every logged interval was skipped)`));
  const floor = savedKlFloor(dir);
  return E.right({ label, records: usable, ...(floor === undefined ? {} : { floor }) });
};

/** The labels of `dirs`: --labels (one per run, distinct, non-empty) or the folder names (distinct, else --labels is asked for). */
const labelsOf = (dirs: readonly string[], given: string | undefined): E.Either<CliError, string[]> => {
  const labels = given === undefined ? dirs.map((d) => basename(resolve(d))) : given.split(',').map((l) => l.trim());
  if (given !== undefined && labels.length !== dirs.length) return E.left(usageError(`--labels: ${labels.length} labels for ${dirs.length} runs`));
  if (labels.some((l) => l === '')) return E.left(usageError('--labels: a label is empty'));
  const repeated = labels.find((l, i) => labels.indexOf(l) !== i);
  if (repeated !== undefined) return E.left(usageError(`${given === undefined ? 'runs share the folder name' : '--labels: repeated label'} '${repeated}'${given === undefined ? ': name them with --labels a,b,...' : ''}`));
  return E.right(labels);
};

/** A file-name-safe form of a label. */
const slug = (label: string): string => label.replace(/[^A-Za-z0-9._+-]+/g, '_');

/** `strata plot`. */
export const plotCommand: Command = {
  name: 'plot',
  summary: 'PNG charts: training and validation curves, log KL per latent node with the free-bits floor; several runs compared',
  usage: 'strata plot RUN [RUN...] [--out DIR] [--labels a,b,...]',
  flags: {
    out: { kind: 'string', help: 'folder for the charts (required with several runs; default: the run folder of a single run)' },
    labels: { kind: 'string', help: 'comma-separated run labels, one per run (default: the folder names)' },
  },
  run: async (args, io) => {
    const dirs = args.positional;
    if (dirs.length === 0) return usageError('missing the run folder argument (e.g. runs/NAME)');
    const out = optionalString(args, 'out');
    if (dirs.length > 1 && out === undefined) return usageError(`${dirs.length} runs to compare: --out DIR is required (the folder for the comparison charts)`);
    const labels = labelsOf(dirs, optionalString(args, 'labels'));
    if (E.isLeft(labels)) return labels.left;
    const runs: RunLog[] = [];
    for (const [i, dir] of dirs.entries()) {
      const run = runLog(dir, labels.right[i]);
      if (E.isLeft(run)) return run.left;
      runs.push(run.right);
    }
    const folder = out ?? dirs[0];
    const single = runs.length === 1;
    const charts = single ? await trainingCharts(runs[0].records, runs[0].label, runs[0].floor) : await comparisonCharts(runs);
    const name = single ? '' : `-${labels.right.map(slug).join('-vs-')}`;
    const files = { curves: join(folder, `curves${name}.png`), kl: join(folder, `kl${name}.png`) };
    mkdirSync(folder, { recursive: true });
    writeFileAtomic(files.curves, charts.curves);
    writeFileAtomic(files.kl, charts.kl);
    const floors = runs.filter((r) => r.floor !== undefined).map((r) => r.label);
    io.out(`wrote ${files.curves} and ${files.kl} from ${runs.map((r) => `${r.label} (${r.records.length} log records)`).join(', ')}${floors.length > 0 ? `; free-bits floor drawn for ${floors.join(', ')}` : ''}`);
    return undefined;
  },
};
