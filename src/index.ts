/**
 * strata: a typed DSL and generic compilers for deep hierarchical
 * latent-variable models (VAE, LVAE, BIVA) on TensorFlow.js.
 *
 * Declare a model with the DSL, `validate` it into a `Model`, create its
 * parameters with `initParams`, compile a batch into a `trace`, and read
 * objectives off the trace's per-node [K, B] log-density table.
 *
 * This entry is the portable core (DSL, inference, models, laws): it imports
 * no Node-only module and bundles for a browser. The rest of strata has its
 * own entries: strata/backend, strata/datasets, strata/train, strata/report,
 * strata/cli, strata/laws (ARCHITECTURE.md, "Layers").
 */
export * from './dsl/index.js';
export { trace, type Batch, type NodeTerms, type Trace, type TraceOptions } from './inference/trace.js';
export { elbo, elboPerDatum, type KlMode } from './inference/objectives/elbo.js';
export { iwae, iwaePerDatum } from './inference/objectives/iwae.js';
export { freeBits, type FreeBitsFloor, type FreeBitsOptions } from './inference/objectives/free-bits.js';
export { linearWarmup, warmup } from './inference/objectives/warmup.js';
export { partialPriorSet } from './inference/objectives/partial-prior.js';
export { DEFAULT_BETA, defaultAlpha, enumerateLabels, m2, type LabelLayout } from './inference/objectives/m2.js';
export { classifyBatches, errorRate, labelLogPosterior, labelNode, predictLabels, type Classification, type ClassificationError } from './inference/classify.js';
export { klOf, logWeights, reconstruction } from './inference/objectives/log-weights.js';
export { iwaeStreaming, type StreamingOptions } from './inference/evaluate.js';
export { activeUnits, bitsPerDim, effectiveSampleSize, klPerNode } from './inference/metrics.js';
export { generate, type Generated, type GenerateOptions } from './inference/generate.js';
export { endSentences, truncateAtEos } from './inference/generate-text.js';
export { reconstruct } from './inference/generate-reconstruction.js';
export { predictedTokens, textMetrics, textMetricsOfSums, type TextMetrics } from './inference/text-metrics.js';
export * as zoo from './models/index.js';
export { buildZooModel, zooModels, presets, type DataShape, type ZooConfig, type PresetName } from './models/index.js';
export * from './laws/index.js';
export { prng, deriveSeed } from './random/prng.js';
