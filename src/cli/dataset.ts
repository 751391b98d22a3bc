/** Opening a data set by name for a command: unknown names are usage errors, unreadable files run errors. */
import * as E from 'fp-ts/lib/Either.js';
import { isDatasetName, listDatasets, loadDataset, type LoadedDataset } from '../datasets/index.js';
import type { DataShape } from '../models/index.js';
import { runError, usageError, type CliError } from './command.js';

/** The loaded data set `name`, or the error to report. */
export const openDataset = (name: string, flag = '--data'): E.Either<CliError, LoadedDataset> => {
  if (!isDatasetName(name)) return E.left(usageError(`${flag}: unknown data set '${name}'; known: ${listDatasets().map((d) => d.name).join(', ')}`));
  const loaded = loadDataset(name);
  return E.isLeft(loaded) ? E.left(runError(`${name}: ${loaded.left.message}`)) : E.right(loaded.right);
};

/** What a zoo model needs to know about a loaded data set. */
export const dataShapeOf = (dataset: LoadedDataset): DataShape => {
  const d = dataset.descriptor;
  return d.kind === 'text'
    ? { shape: [...d.shape], likelihood: d.likelihood, vocabulary: d.vocabularySize }
    : { shape: [...d.shape], likelihood: d.likelihood, ...(d.classes === undefined ? {} : { classes: d.classes }) };
};
