/**
 * `strata classify runs/NAME`: per-example predictions argmax q(y | x) of a
 * model with a label node (BIVA-M2) on a data split, with the EMA weights,
 * written to runs/NAME/classify-SPLIT.csv (index, label, predicted,
 * confidence) and classify-SPLIT.json (the error rate), and the error
 * printed (the helpers live in src/train/classification.ts).
 */
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Classification } from '../inference/classify.js';
import { writeFileAtomic } from '../report/index.js';
import { classifiable, classifySplit, labelledSeen } from '../train/classification.js';
import { disposeTrainState } from '../train/state.js';
import { backendFlag } from './backend.js';
import { boolFlag, numberFlag, stringFlag, usageError, type CliError, type Command } from './command.js';
import { openDataset } from './dataset.js';
import { metaString, openRunOnBackend } from './run-folder.js';

const csvOf = (c: Classification): string =>
  `index,label,predicted,confidence\n${Array.from(c.predicted, (p, i) => `${i},${c.truth[i]},${p},${c.confidence[i].toFixed(6)}`).join('\n')}\n`;

/** `strata classify`. */
export const classifyCommand: Command = {
  name: 'classify',
  summary: 'per-example predictions argmax q(y|x) and the error rate of a model with a label (biva-m2)',
  usage: 'strata classify runs/NAME [--split test] [--limit N]',
  flags: {
    split: { kind: 'string', help: 'train, validation or test', default: 'test' },
    limit: { kind: 'int', min: 1, help: 'classify the first N examples only', default: 'all' },
    batch: { kind: 'int', min: 1, help: 'examples per batch', default: '500' },
    raw: { kind: 'boolean', help: 'use the raw weights instead of the EMA weights' },
    ...backendFlag,
  },
  run: async (args, io): Promise<CliError | undefined> => {
    const split = stringFlag(args, 'split', 'test');
    if (split !== 'train' && split !== 'validation' && split !== 'test') return usageError(`--split: expected train, validation or test, got '${split}'`);
    const run = await openRunOnBackend(args, io);
    if (E.isLeft(run)) return run.left;
    const { state, dir } = run.right;
    try {
      const data = openDataset(metaString(run.right, 'data', 'mnist-dyn'));
      if (E.isLeft(data)) return data.left;
      const ok = classifiable(state.model, data.right);
      if (E.isLeft(ok)) return usageError(`classify ${dir}: ${ok.left}`);
      const weights = boolFlag(args, 'raw') ? 'raw' : 'EMA';
      const c = await classifySplit(state.model, weights === 'raw' ? state.params : state.ema, data.right, split, numberFlag(args, 'limit', Number.POSITIVE_INFINITY), numberFlag(args, 'batch', 500));
      const csv = join(dir, `classify-${split}.csv`);
      writeFileAtomic(csv, csvOf(c));
      const summary = { step: state.step, split, weights, examples: c.examples, wrong: c.wrong, error: c.rate, labelledSeen: labelledSeen(state) };
      writeFileAtomic(join(dir, `classify-${split}.json`), `${JSON.stringify(summary, null, 1)}\n`);
      io.out(`${dir} at step ${state.step}, ${c.examples} ${split} examples, ${weights} weights, ${summary.labelledSeen} labelled rows trained on`);
      io.out(`classification error ${(100 * c.rate).toFixed(2)}% (${c.wrong} of ${c.examples} wrong); predictions in ${csv}`);
      return undefined;
    } finally {
      disposeTrainState(state);
    }
  },
};
