import { lstm, lstmEncoder, model, normal, prior, type ModelSpec } from '../dsl/index.js';
import { bivaLstm } from './biva.js';
import { likelihood } from './blocks.js';
import { parameterCount, widthForBudget } from './budget.js';
import { presets, type DataShape, type ZooConfig } from './config.js';
import { requireTokens } from './lstm-lm.js';

/**
 * The sentence VAE of Bowman et al. 2016 ("Generating sentences from a
 * continuous space"): an LSTM encoder reads the sentence and its last
 * hidden state gives q(z | x), one diagonal Gaussian z of as many units as
 * the preset's latent sizes together (tiny 12, small 56); p(z) = N(0, I);
 * the LSTM decoder of BIVA+LSTM, conditioned on z at every step (z enters
 * every step's gates rather than only the initial state), scores x_1..x_T
 * and EOS given BOS. The encoder embeds tokens with the preset's encoder
 * embedding and hidden units, as BIVA's bottom-up path does; the decoder's
 * hidden units are chosen so that the model has about as many parameters
 * as biva-lstm at the same preset and vocabulary. Train it with KL warm-up
 * (Bowman's annealing) or free bits to keep z in use.
 */
export const sentenceVae = (data: DataShape, config: ZooConfig = presets.small): ModelSpec => {
  requireTokens('sentence-vae', data);
  const embed = config.lstm?.embed ?? config.embed;
  const units = config.latents.reduce((a, b) => a + b, 0);
  const build = (hidden: number): ModelSpec =>
    model<string>()
      .observed('x', likelihood(data, config))
      .latent('z', normal([units]), { layer: 1 })
      .p('z', prior)
      .p('x', ['z'], lstm({ embed, hidden, bos: 1 }))
      .q('z', ['x'], lstmEncoder(data.vocabulary ?? 0, { embed: config.embed, hidden: config.hidden, pad: 0 })).spec;
  return build(widthForBudget(build, parameterCount(bivaLstm(data, config))));
};
