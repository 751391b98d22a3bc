/**
 * Text metrics by the field's convention (Bowman et al. 2016, "Generating
 * sentences from a continuous space", and the sentence-VAE work after it):
 * the NLL of a sentence is -log p(x_1..x_T, EOS | BOS), a bound in nats
 * (BOS is the decoder's first input, never scored; padding is never
 * scored); the corpus reports the mean NLL per sentence and the perplexity
 * exp(total NLL / number of predicted tokens), where each sentence predicts
 * its T words plus EOS. Pure functions of numbers: no tensors, no effects.
 */

/** NLL per sentence and perplexity of a set of sentences. */
export interface TextMetrics {
  readonly sentences: number;
  /** Predicted tokens: words plus one EOS per sentence. */
  readonly tokens: number;
  /** Mean -log p(sentence) in nats. */
  readonly nllPerSentence: number;
  /** Sum of NLL / tokens, in nats per predicted token. */
  readonly nllPerToken: number;
  /** exp(sum of NLL / tokens); Infinity when a sentence has log-likelihood -inf. */
  readonly perplexity: number;
}

/**
 * The predicted tokens of each encoded row of `length` ids (words, EOS,
 * PAD...; no BOS): the ids that are not `pad`. Rows are row-major in `ids`.
 */
export const predictedTokens = (ids: ArrayLike<number>, length: number, pad = 0): number[] => {
  if (!Number.isInteger(length) || length < 1 || ids.length % length !== 0) {
    throw new RangeError(`predictedTokens: ${ids.length} ids do not form rows of ${length}`);
  }
  const counts: number[] = [];
  for (let r = 0; r < ids.length / length; r++) {
    let n = 0;
    for (let i = r * length; i < (r + 1) * length; i++) if (ids[i] !== pad) n++;
    counts.push(n);
  }
  return counts;
};

/**
 * Text metrics from per-sentence log-likelihoods (or their bounds) in nats
 * and each sentence's count of predicted tokens (words + EOS). Throws a
 * RangeError when the two differ in length, are empty, or a count is not a
 * positive integer.
 */
export const textMetrics = (logLikelihoods: ArrayLike<number>, tokenCounts: ArrayLike<number>): TextMetrics => {
  if (logLikelihoods.length !== tokenCounts.length || logLikelihoods.length === 0) {
    throw new RangeError(`textMetrics: ${logLikelihoods.length} log-likelihoods for ${tokenCounts.length} token counts`);
  }
  let nll = 0;
  let tokens = 0;
  for (let i = 0; i < logLikelihoods.length; i++) {
    const count = tokenCounts[i];
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`textMetrics: sentence ${i} predicts ${count} tokens; each predicts its words and EOS`);
    nll -= logLikelihoods[i];
    tokens += count;
  }
  return textMetricsOfSums(-nll, logLikelihoods.length, tokens);
};

/**
 * Text metrics from sums: the summed log-likelihood (or bound) of
 * `sentences` sentences, in nats, and their `tokens` predicted tokens (for
 * an evaluation that keeps only totals). RangeError unless both counts are
 * positive integers with tokens >= sentences (each predicts at least EOS).
 */
export const textMetricsOfSums = (logLikelihood: number, sentences: number, tokens: number): TextMetrics => {
  if (!Number.isInteger(sentences) || !Number.isInteger(tokens) || sentences < 1 || tokens < sentences) {
    throw new RangeError(`textMetrics: ${sentences} sentences predicting ${tokens} tokens; each predicts its words and EOS`);
  }
  const nll = -logLikelihood;
  return { sentences, tokens, nllPerSentence: nll / sentences, nllPerToken: nll / tokens, perplexity: Math.exp(nll / tokens) };
};
