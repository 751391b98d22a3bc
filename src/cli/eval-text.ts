/**
 * The text part of `strata eval` (Bowman et al. 2016 conventions, see
 * src/inference/text-metrics.ts): per-sentence NLL bounds from L_1 and L_K,
 * nats per predicted token and perplexity over the words and EOS of the
 * evaluated sentences (never BOS, never padding), and reconstructions of a
 * few sentences (z ~ q(z | x), decoded by p(x | z)) as text.
 */
import * as tf from '@tensorflow/tfjs';
import { datasetBatcher, EOS, type LoadedTextDataset } from '../datasets/index.js';
import type { Model } from '../dsl/model.js';
import type { ParamStore } from '../dsl/params.js';
import { reconstruct } from '../inference/generate-reconstruction.js';
import { readKept } from '../inference/read.js';
import { predictedTokens, textMetricsOfSums, type TextMetrics } from '../inference/text-metrics.js';
import { modelBatch } from '../train/batch.js';
import type { EvalReport } from '../train/evaluation.js';
import { reconstructionText, sentenceLines } from './text-rows.js';

/** The text figures of an evaluation: predicted tokens, and the metrics of the L_1 and L_K bounds. */
export interface TextEval {
  readonly tokens: number;
  readonly l1: TextMetrics;
  readonly lk: TextMetrics;
}

/** The text metrics of `report`, which evaluated the first `report.examples` sentences of `split` in order. */
export const textEval = (report: EvalReport, data: LoadedTextDataset, split: 'train' | 'validation' | 'test'): TextEval => {
  const s = data.splits[split];
  const tokens = predictedTokens(s.tokens.subarray(0, report.examples * s.length), s.length).reduce((a, b) => a + b, 0);
  return { tokens, l1: textMetricsOfSums(report.l1 * report.examples, report.examples, tokens), lk: textMetricsOfSums(report.lk * report.examples, report.examples, tokens) };
};

/** The printed lines of a text evaluation: one per bound. */
export const textLines = (t: TextEval, k: number): string[] => {
  const line = (name: string, m: TextMetrics): string =>
    `${name.padEnd(6)} NLL = ${m.nllPerSentence.toFixed(3)} nats per sentence, ${m.nllPerToken.toFixed(4)} nats per token, perplexity ${m.perplexity.toFixed(2)}`;
  return [
    `${t.tokens} predicted tokens (words and EOS; never BOS or padding) in ${t.l1.sentences} sentences`,
    line('L_1', t.l1),
    line(`L_${k}`, t.lk),
  ];
};

/**
 * Reconstructions of the first `n` sentences of `split` with `params`:
 * `original:` / `reconstruction:` line pairs (see reconstructionText).
 */
export const textReconstructions = async (model: Model, params: ParamStore, data: LoadedTextDataset, split: 'train' | 'validation' | 'test', n: number, seed: number): Promise<string> => {
  const [observed] = model.observed;
  const raw = datasetBatcher(data, split, { batchSize: Math.min(n, data.splits[split].count), seed, shuffle: false, lastBatch: 'keep' }).batchAt(0, 0);
  const batch = tf.tidy(() => modelBatch(model, raw));
  const out = reconstruct(model, params, batch, { seed, eos: EOS });
  const length = data.descriptor.shape[0];
  const originals = sentenceLines(data.vocabulary, await readKept(tf.clone(batch[observed])), length);
  const decoded = sentenceLines(data.vocabulary, await readKept(out.get(observed)!), length);
  tf.dispose([...Object.values(batch), ...out.values(), raw.x, ...(raw.y === undefined ? [] : [raw.y])]);
  return reconstructionText(originals, decoded);
};
