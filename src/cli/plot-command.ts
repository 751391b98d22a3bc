/**
 * `strata plot runs/NAME`: PNG charts from log.jsonl: curves.png (the loss
 * and -ELBO over training) and kl.png (log KL per latent node over
 * training, the paper's Figure 2). Records of intervals whose steps were
 * all skipped (null loss, no KL) are left out.
 */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { writeFileAtomic } from '../report/index.js';
import { trainingCharts } from '../train/artifacts.js';
import { readRecords } from '../train/log.js';
import { runError, usageError, type Command } from './command.js';

/** `strata plot`. */
export const plotCommand: Command = {
  name: 'plot',
  summary: 'PNG charts: training curves and log KL per latent node',
  usage: 'strata plot runs/NAME',
  flags: {},
  run: async (args, io) => {
    const dir = args.positional[0];
    if (dir === undefined) return usageError('missing the run folder argument (e.g. runs/NAME)');
    if (!existsSync(dir)) return runError(`${dir}: no such run folder`);
    const records = readRecords(join(dir, 'log.jsonl'));
    if (records.length === 0) return runError(`${join(dir, 'log.jsonl')}: no log records`);
    const usable = records.filter((r) => Number.isFinite(r.nats) && Object.values(r.kl ?? {}).some(Number.isFinite));
    if (usable.length === 0) return runError(`${join(dir, 'log.jsonl')}: no log record with values (every logged interval was skipped)`);
    const charts = await trainingCharts(usable, dir);
    writeFileAtomic(join(dir, 'curves.png'), charts.curves);
    writeFileAtomic(join(dir, 'kl.png'), charts.kl);
    io.out(`wrote ${join(dir, 'curves.png')} and ${join(dir, 'kl.png')} from ${usable.length} log records`);
    return undefined;
  },
};
