import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { parameterCounts } from '../../src/dsl/index.js';
import { buildZooModel, zooModels } from '../../src/models/index.js';
import { IMAGES, tokenBatch, TOKENS, zooModel } from './zoo.js';

/** The text baselines: one latent layer whatever the preset. */
const ONE_LAYER = ['lstm-lm', 'sentence-vae'];

describe('the zoo validates', () => {
  const cases = zooModels.flatMap((m) => ['tiny', 'small'].map((preset) => ({ name: m.name, preset, data: m.data === 'text' ? TOKENS : IMAGES })));

  it.each(cases)('$name ($preset) validates on $data.likelihood data, with parameters and every latent in a layer', ({ name, preset, data }) => {
    const m = zooModel(name, preset, data);

    expect(parameterCounts(m).total).toBeGreaterThan(0);
    expect(m.latents.every((z) => m.nodes.get(z)?.layer !== undefined)).toBe(true);
    expect(m.layers).toEqual(ONE_LAYER.includes(name) ? [1] : Array.from({ length: preset === 'tiny' ? 2 : 3 }, (_, i) => i + 1));
  });

  it('builds the text models for text only, with one line naming the model and the data', () => {
    const text = zooModels.filter((m) => m.data === 'text').map((m) => m.name);
    const refusals = ONE_LAYER.map((name) => buildZooModel(name, 'tiny', IMAGES));

    expect(text).toEqual(['biva-lstm', 'biva-text', 'lstm-lm', 'sentence-vae']);
    expect(refusals.map((r) => E.isLeft(r) && r.left)).toEqual([
      'lstm-lm: a sentence model needs token data (e.g. --data brown), got bernoulli data',
      'sentence-vae: a sentence model needs token data (e.g. --data brown), got bernoulli data',
    ]);
  });

  it.each(['vae', 'lvae', 'lvae-plus', 'biva'])('%s validates with the paper preset (L = 6, ResNet blocks)', (name) => {
    const m = zooModel(name, 'paper', IMAGES);

    expect(m.layers).toEqual([1, 2, 3, 4, 5, 6]);
    expect(m.nodes.get('x')?.shape).toEqual([28, 28, 1]);
  });

  it('an unknown model or preset is a Left naming the known ones', () => {
    const model = buildZooModel('vae2', 'tiny', IMAGES);
    const preset = buildZooModel('vae', 'huge', IMAGES);

    expect(E.isLeft(model) && model.left).toContain('biva-m2');
    expect(E.isLeft(preset) && preset.left).toContain('paper');
  });

  it('prints the paper-preset parameter counts of vae, lvae, lvae-plus and biva (BIVA has the most)', () => {
    const counts = Object.fromEntries(['vae', 'lvae', 'lvae-plus', 'biva'].map((name) => [name, parameterCounts(zooModel(name, 'paper', IMAGES)).total]));
    console.log(`paper-preset parameter counts (28x28x1 Bernoulli): ${JSON.stringify(counts)}`);

    expect(Math.max(...Object.values(counts))).toBe(counts.biva);
  });
});

describe('the model files stay short specs over the public DSL', () => {
  const source = (file: string): string => readFileSync(new URL(`../../src/models/${file}`, import.meta.url), 'utf8');
  const lineCount = (file: string): number => source(file).trimEnd().split('\n').length;
  const imports = (file: string): string[] => [...source(file).matchAll(/from\s+'([^']+)'/g)].map((match) => match[1]);

  it('biva.ts is under 150 lines and vae.ts and lvae.ts are shorter than biva.ts', () => {
    const biva = lineCount('biva.ts');

    expect(biva).toBeLessThan(150);
    expect(lineCount('vae.ts')).toBeLessThan(biva);
    expect(lineCount('lvae.ts')).toBeLessThan(biva);
  });

  it.each(['vae.ts', 'lvae.ts', 'biva.ts', 'blocks.ts', 'config.ts', 'lstm-lm.ts', 'sentence-vae.ts'])(
    '%s imports only ../dsl/index.js and the zoo helpers (nothing from inference, tfjs or datasets)',
    (file) => {
      const allowed = ['../dsl/index.js', './blocks.js', './config.js', './biva.js', './budget.js', './lstm-lm.js'];

      expect(imports(file).length).toBeGreaterThan(0);
      expect(imports(file).filter((path) => !allowed.includes(path))).toEqual([]);
    },
  );
});

describe('the token batch of the zoo tests', () => {
  it('has rows laid out like the data: words (no BOS), one EOS, then PAD', async () => {
    const x = tokenBatch(16);
    const rows = (await x.array()) as number[][];
    x.dispose();

    for (const row of rows) {
      const eos = row.indexOf(2);
      expect(eos).toBeGreaterThanOrEqual(4);
      expect(row.slice(0, eos).every((id) => id >= 3 && id < 60)).toBe(true);
      expect(row.slice(eos + 1).every((id) => id === 0)).toBe(true);
    }
  });
});

