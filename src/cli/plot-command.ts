/**
 * `strata plot runs/NAME`: PNG charts from log.jsonl: curves.png (the loss
 * and -ELBO over training) and kl.png (log KL per latent node over
 * training, the paper's Figure 2).
 */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { lineChartPng, writeFileAtomic } from '../report/index.js';
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
    const curves = [
      { name: 'loss (minimized)', points: records.map((r) => ({ x: r.step, y: r.loss })) },
      { name: '-ELBO', points: records.map((r) => ({ x: r.step, y: r.nats })) },
    ];
    writeFileAtomic(join(dir, 'curves.png'), await lineChartPng(curves, { title: `training curves: ${dir}`, xLabel: 'step', yLabel: 'nats per example' }));
    const names = Object.keys(records[0].kl);
    const kl = names.map((name) => ({ name, points: records.map((r) => ({ x: r.step, y: r.kl[name] })) }));
    writeFileAtomic(join(dir, 'kl.png'), await lineChartPng(kl, { title: 'KL per latent node', xLabel: 'step', yLabel: 'KL (nats, log scale)', logY: true }));
    io.out(`wrote ${join(dir, 'curves.png')} and ${join(dir, 'kl.png')} from ${records.length} log records`);
    return undefined;
  },
};
