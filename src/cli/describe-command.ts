/** `strata describe`: a model's nodes (role, shape, layer, distribution), its p and q edges with their nets, and its parameter counts. */
import * as E from 'fp-ts/lib/Either.js';
import { listDatasets } from '../datasets/index.js';
import type { Model } from '../dsl/model.js';
import { describe, parameterCounts } from '../dsl/describe.js';
import { stringFlag, optionalString, usageError, type Command } from './command.js';
import { chooseModel, modelFlags } from './model-source.js';

/** The description lines of a validated model: a summary line, then `describe` of the DSL. */
export const describeModel = (name: string, model: Model): string[] => [
  `model ${name}: ${model.latents.length} latent nodes in ${model.layers.length} layers, ${parameterCounts(model).total} parameters`,
  ...describe(model).split('\n'),
];

/** `strata describe`. */
export const describeCommand: Command = {
  name: 'describe',
  summary: "show a model's nodes, edges and parameter count",
  usage: 'strata describe --model biva [--preset small] [--data mnist-dyn]',
  flags: {
    ...modelFlags,
  },
  run: async (args, io) => {
    const dataName = stringFlag(args, 'data', 'mnist-dyn');
    const d = listDatasets().find((x) => x.name === dataName);
    if (d === undefined) return usageError(`--data: unknown data set '${dataName}'; known: ${listDatasets().map((x) => x.name).join(', ')}`);
    const shape =
      d.kind === 'text'
        ? { shape: [...d.shape], likelihood: d.likelihood, vocabulary: d.vocabularySize }
        : { shape: [...d.shape], likelihood: d.likelihood, ...(d.classes === undefined ? {} : { classes: d.classes }) };
    const choice = await chooseModel({ model: stringFlag(args, 'model', 'biva'), spec: optionalString(args, 'spec'), preset: stringFlag(args, 'preset', 'tiny') }, shape);
    if (E.isLeft(choice)) return choice.left;
    describeModel(choice.right.name, choice.right.model).forEach((l) => io.out(l));
    return undefined;
  },
};
