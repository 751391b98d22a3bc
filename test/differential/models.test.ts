/**
 * Differential suite, whole models: for every zoo model (tiny preset, and
 * the image models again with small ResNet blocks), a few random valid
 * specs with convolutional encoders and decoders (kernels 1-4, strides 1-3,
 * maps 3-8), and the DSL reproduction of issue 14, the same spec, weights
 * (initParams seed 1), data and noise seed give the same per-datum ELBO on
 * cpu, wasm and native within ELBO_TOLERANCE: |ELBO_b - ELBO_cpu| <=
 * 1e-4 max(1, |ELBO_cpu|). Native runs skip with the reason when the addon
 * is absent.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { bernoulli, disposeParams, initParams, model, mlp, normal, prior, resnet, type Model, type ModelSpec } from '../../src/dsl/index.js';
import { presets, zooModels, type DataShape } from '../../src/models/index.js';
import { trace } from '../../src/inference/trace.js';
import { nativeSkipReason, otherBackends, runOnBackend, setUpBackends, type DifferentialBackend } from './backends.js';
import { elboAgrees, elboValues, syntheticBatch, validModel } from './model-elbo.js';

const IMAGES: DataShape = { shape: [28, 28, 1], likelihood: 'bernoulli', classes: 10 };
const TOKENS: DataShape = { shape: [12], likelihood: 'categorical-tokens', vocabulary: 60 };
const SMALL_CONV = { ...presets.tiny, conv: { filters: 4, blockLayers: 2 } };

/** The per-datum ELBOs of `m` on every backend, cpu first. */
const elbos = async (m: Model, rows = 2): Promise<Map<DifferentialBackend, number[]>> => {
  const out = new Map<DifferentialBackend, number[]>();
  for (const backend of ['cpu', ...otherBackends] as const) {
    const before = tf.memory().numTensors;
    out.set(backend, await runOnBackend(backend, () => elboValues(m, () => syntheticBatch(m, rows, 21))));
    expect(tf.memory().numTensors, `tensors left on ${backend}`).toBe(before);
  }
  return out;
};

const expectAgreement = (label: string, values: Map<DifferentialBackend, number[]>): void => {
  const cpu = values.get('cpu')!;
  expect(cpu.every(Number.isFinite), `${label}: cpu ELBO ${cpu}`).toBe(true);
  for (const backend of otherBackends) {
    const got = values.get(backend)!;
    cpu.forEach((e, i) => expect(elboAgrees(e, got[i]), `${label} on ${backend}: ELBO ${got[i]} vs cpu ${e} (datum ${i})`).toBe(true));
  }
};

const isText = (name: string): boolean => zooModels.find((z) => z.name === name)?.data === 'text';

/** A random VAE on [h, w, 1] binary images with ResNet encoder and decoder. */
const convSpecArb: fc.Arbitrary<ModelSpec> = fc
  .record({
    h: fc.integer({ min: 3, max: 8 }),
    w: fc.integer({ min: 3, max: 8 }),
    kernel: fc.integer({ min: 1, max: 4 }),
    stride: fc.integer({ min: 1, max: 3 }),
    layers: fc.integer({ min: 1, max: 2 }),
    filters: fc.integer({ min: 1, max: 4 }),
    latent: fc.integer({ min: 1, max: 4 }),
    decoderKernel: fc.integer({ min: 1, max: 4 }),
  })
  .map(({ h, w, kernel, stride, layers, filters, latent, decoderKernel }) =>
    model()
      .observed('x', bernoulli([h, w, 1]))
      .latent('z', normal([latent]))
      .p('z', prior)
      .p('x', ['z'], resnet({ filters, layers, kernel: decoderKernel, inputMap: [h, w, 2] }))
      .q('z', ['x'], resnet({ filters, layers, kernel, stride }))
      .spec);

describe(`whole models give the same ELBO on cpu, ${otherBackends.join(' and ')}${nativeSkipReason === '' ? '' : ` (native skipped: ${nativeSkipReason})`}`, () => {
  beforeAll(setUpBackends);

  it.each(zooModels.map((z) => [z.name, z] as const))('zoo model %s (tiny preset)', async (name, z) => {
    expectAgreement(name, await elbos(validModel(z.build(isText(name) ? TOKENS : IMAGES, presets.tiny))));
  });

  it.each(zooModels.filter((z) => !isText(z.name)).map((z) => [z.name, z] as const))(
    'zoo model %s with ResNet blocks (4 filters, 2 layers)',
    async (name, z) => {
      expectAgreement(`${name} conv`, await elbos(validModel(z.build(IMAGES, SMALL_CONV)), 1));
    },
  );

  it('random valid convolutional specs (kernels 1-4, strides 1-3, maps 3-8)', async () => {
    await fc.assert(
      fc.asyncProperty(convSpecArb, async (spec) => expectAgreement(JSON.stringify(spec).slice(0, 300), await elbos(validModel(spec)))),
      { numRuns: 12, seed: 17 },
    );
  });

  it('resnet({ kernel: 2, stride: 3 }) encoder on a 3x3 input: q(z | x) depends on x on every backend, and the ELBOs agree', async () => {
    // Arrange
    const m = validModel(
      model()
        .observed('x', bernoulli([3, 3, 1]))
        .latent('z', normal([2]))
        .p('z', prior)
        .p('x', ['z'], mlp([8]))
        .q('z', ['x'], resnet({ filters: 2, layers: 1, kernel: 2, stride: 3 }))
        .spec,
    );
    const images = [Array(9).fill(0), Array(9).fill(1)];
    const logq = (backend: DifferentialBackend): Promise<number[]> =>
      runOnBackend(backend, () => {
        const params = initParams(m, 1);
        const values = images.map((pixels) =>
          tf.tidy(() => trace(m, params, { x: tf.tensor(pixels, [1, 3, 3, 1]) }, { k: 1, seed: 3 }).terms.find((t) => t.name === 'z')!.logq!.dataSync()[0]));
        disposeParams(params);
        return values;
      });
    for (const backend of ['cpu', ...otherBackends] as const) {
      // Act
      const [blank, filled] = await logq(backend);
      // Assert: the same noise gives another log q(z | x) for another x
      expect(Math.abs(blank - filled), `log q(z | x) on ${backend}: ${blank} vs ${filled}`).toBeGreaterThan(1e-3);
    }
    expectAgreement('resnet kernel 2 stride 3', await elbos(m));
  });
});
