import { lstm, model, normal, prior, type ModelSpec } from '../dsl/index.js';
import { bivaLstm } from './biva.js';
import { likelihood } from './blocks.js';
import { parameterCount, widthForBudget } from './budget.js';
import { presets, type DataShape, type ZooConfig } from './config.js';

/** Throws unless `data` are token sequences: the text baselines model sentences only. */
export const requireTokens = (name: string, data: DataShape): void => {
  if (data.likelihood !== 'categorical-tokens') throw new Error(`${name}: a sentence model needs token data (e.g. --data brown), got ${data.likelihood} data`);
};

/**
 * An LSTM language model p(x) = prod_t p(x_t | x_{<t}) over word tokens,
 * the baseline of BIVA's text experiment (appendix D; Bowman et al. 2016,
 * table 2): the LSTM decoder of BIVA+LSTM, BOS fed first, scoring x_1..x_T
 * and EOS. A DSL model needs a latent, so it has one: z ~ N(0, 1) of one
 * unit whose q is the same fixed prior, so its KL is exactly 0 and the
 * bound is the LM's log-likelihood averaged over an input the decoder
 * learns to ignore. The decoder's hidden units are chosen so that the
 * model has about as many parameters as biva-lstm at the same preset and
 * vocabulary (the embedding is the preset's LSTM embedding).
 */
export const lstmLm = (data: DataShape, config: ZooConfig = presets.small): ModelSpec => {
  requireTokens('lstm-lm', data);
  const embed = config.lstm?.embed ?? config.embed;
  const build = (hidden: number): ModelSpec =>
    model<string>()
      .observed('x', likelihood(data, config))
      .latent('z', normal([1]), { layer: 1 })
      .p('z', prior)
      .q('z', prior)
      .p('x', ['z'], lstm({ embed, hidden, bos: 1 })).spec;
  return build(widthForBudget(build, parameterCount(bivaLstm(data, config))));
};
