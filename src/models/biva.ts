import { categorical, model, normal, prior, type ModelSpec } from '../dsl/index.js';
import { block, dataEncoder, decoder, likelihood, topMap } from './blocks.js';
import { presets, type DataShape, type ZooConfig } from './config.js';

/** Options of the BIVA family: a label for the semi-supervised model (appendix B). */
export interface BivaOptions {
  /** Adds a Categorical label y with its own classifier hierarchy q(y | x) (BIVA-M2). */
  readonly classes?: number;
}

/**
 * BIVA (Maaløe et al. 2019, section 3 and appendix A). For i < L,
 * z_i = (z_i^BU, z_i^TD); z_L is shared.
 * Generative: z_L ~ N(0, I); td_{L-1} = f(z_L), td_i = f(z_{i+1}^BU, z_{i+1}^TD, td_{i+1});
 *   p(z_i^BU | td_i), p(z_i^TD | td_i), p(x | z_1, td_1) (p(z_i | z_{>i}) through td).
 * Inference, bottom-up: bu_1 = g(x), bu_i = g(bu_{i-1}, z_{i-1}^BU);
 *   q(z_i^BU | bu_i), q(z_L | bu_L).
 * Inference, top-down: q(z_i^TD | td_i, bu_i), where td_i is the SAME
 *   deterministic node (same weights) as in p, evaluated on the q samples.
 * With `classes`, y ~ Cat(uniform) feeds the top-down path and p(x | ...),
 * and q(y | x) has its own bottom-up hierarchy c_i (appendix B).
 */
export const bivaFamily = (data: DataShape, config: ZooConfig, options: BivaOptions = {}): ModelSpec => {
  const L = config.layers;
  if (L < 2) throw new Error(`biva: needs at least 2 layers, got ${L}`);
  const zbu = (i: number): string => (i === L ? `z${L}` : `z${i}_bu`);
  const ztd = (i: number): string => `z${i}_td`;
  const bu = (i: number): string => `bu${i}`;
  const td = (i: number): string => `td${i}`;
  const y = options.classes === undefined ? [] : ['y'];

  let m = model<string>().observed('x', likelihood(data, config));
  if (options.classes !== undefined) m = m.label('y', categorical(options.classes));
  m = m.latent(zbu(L), normal([config.latents[L - 1]]), { layer: L });
  for (let i = 1; i < L; i++) {
    m = m
      .latent(zbu(i), normal([config.latents[i - 1]]), { layer: i })
      .latent(ztd(i), normal([config.latents[i - 1]]), { layer: i });
  }

  // Bottom-up deterministic path of q, with the stochastic BU units feeding it.
  m = m.deterministic(bu(1), ['x'], dataEncoder(data, config));
  for (let i = 2; i <= L; i++) m = m.deterministic(bu(i), [bu(i - 1), zbu(i - 1)], block(config, i === L ? 'last' : 'middle'));

  // Top-down deterministic path, shared by p and q.
  m = m.deterministic(td(L - 1), [zbu(L), ...y], block(config, 'last', 'down', topMap(data, config)));
  for (let i = L - 2; i >= 1; i--) m = m.deterministic(td(i), [zbu(i + 1), ztd(i + 1), td(i + 1), ...y], block(config, 'middle', 'down'));

  // Generative conditionals.
  m = m.p(zbu(L), prior);
  for (let i = 1; i < L; i++) m = m.p(zbu(i), [td(i)]).p(ztd(i), [td(i)]);
  m = m.p('x', [zbu(1), ztd(1), td(1), ...y], decoder(data, config, true));

  // Inference conditionals.
  m = m.q(zbu(L), [bu(L)]);
  for (let i = 1; i < L; i++) m = m.q(zbu(i), [bu(i)]).q(ztd(i), [td(i), bu(i)]);

  if (options.classes !== undefined) {
    const c = (i: number): string => `c${i}`;
    m = m.p('y', prior).deterministic(c(1), ['x'], dataEncoder(data, config));
    for (let i = 2; i <= L; i++) m = m.deterministic(c(i), [c(i - 1)], block(config, i === L ? 'last' : 'middle'));
    m = m.q('y', [c(L)]);
  }
  return m.spec;
};

/** BIVA for unsupervised density estimation (the paper's default). */
export const biva = (data: DataShape, config: ZooConfig = presets.paper): ModelSpec => bivaFamily(data, config);

/** BIVA-M2: semi-supervised BIVA with a Categorical label over `data.classes` classes (appendix B). */
export const bivaM2 = (data: DataShape, config: ZooConfig = presets.paper): ModelSpec =>
  bivaFamily(data, config, { classes: data.classes ?? 10 });

/**
 * BIVA for text (appendix D): the BIVA features feed an LSTM decoder
 * p(x_t | x_{<t}, z) over word tokens; with `autoregressive: false` the same
 * model with a non-autoregressive dense decoder.
 */
export const bivaLstm = (data: DataShape, config: ZooConfig = presets.small, options: { autoregressive?: boolean } = {}): ModelSpec => {
  const { lstm: decoderUnits, ...rest } = config;
  return bivaFamily(data, options.autoregressive === false || decoderUnits === undefined ? rest : config);
};
