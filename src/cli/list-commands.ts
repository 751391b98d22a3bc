/** `strata models` and `strata datasets`: what is available. */
import { listDatasets } from '../datasets/index.js';
import { presets, zooModels } from '../models/index.js';
import type { Command } from './command.js';

/** `strata models`: the zoo models and presets. */
export const modelsCommand: Command = {
  name: 'models',
  summary: 'list the zoo models and presets',
  usage: 'strata models',
  flags: {},
  run: async (_args, io) => {
    for (const m of zooModels) io.out(`${m.name.padEnd(12)} ${m.description}`);
    io.out(`presets: ${Object.keys(presets).join(', ')}; your own: --model ./my-model.js or --spec ./my-model.json`);
    return undefined;
  },
};

/** `strata datasets`: the built-in data sets with shape, likelihood and sizes. */
export const datasetsCommand: Command = {
  name: 'datasets',
  summary: 'list the built-in data sets',
  usage: 'strata datasets',
  flags: {},
  run: async (_args, io) => {
    for (const d of listDatasets()) {
      const sizes = `${d.sizes.train}/${d.sizes.validation}/${d.sizes.test}`;
      io.out(`${d.name.padEnd(19)} [${d.shape.join('x')}] ${d.likelihood}, train/valid/test ${sizes}: ${d.title}`);
    }
    return undefined;
  },
};
