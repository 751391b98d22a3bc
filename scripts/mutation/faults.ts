/**
 * The faults the mutation check plants (issue 22): the thirteen the issue
 * names, then more in the trainer, the objectives, the models' wiring, the
 * CLI and the data path. Each is one line, found by its code pattern.
 */
import type { Fault } from './fault.js';

const STEP = 'test/train/options-reach-step.test.ts';
const CLIP = 'test/train/clip.test.ts';
const SCHEDULE = 'test/train/update-schedule.test.ts';
const DATA = 'test/train/data-position.test.ts';
const RESUME = ['test/train/resume-fields.test.ts', 'test/train/checkpoint.test.ts'];
const WIRING = ['test/models/zoo-wiring.test.ts', 'test/models/lvae.test.ts', 'test/models/vae.test.ts'];
const EMA_CLI = 'test/cli/ema-default.test.ts';
const PLOT = 'test/cli/plot-command.test.ts';
const OBJECTIVES = [STEP, 'test/inference/objectives/free-bits.test.ts', 'test/inference/objectives/warmup.test.ts'];

const named: readonly Fault[] = [
  { id: 'warmup-ignored', area: 'trainer', file: 'src/train/objective.ts', find: 'linearWarmup(warmupSteps)', replace: 'linearWarmup(0)', what: 'the trainer ignores warmupSteps (KL warm-up off)', tests: [STEP] },
  { id: 'iwae-k1', area: 'trainer', file: 'src/train/objective-table.ts', find: 'samples: (c) => c.k,', replace: 'samples: () => 1,', what: '--objective iwae trains with K = 1', tests: [STEP] },
  { id: 'epoch-never-advances', area: 'trainer', file: 'src/train/state.ts', find: '{ epoch: position.epoch + 1, index: 0 }', replace: '{ epoch: position.epoch, index: 0 }', what: 'the epoch never advances (same shuffle and binarization every epoch)', tests: [DATA] },
  { id: 'clip-never-applied', area: 'trainer', file: 'src/train/step.ts', find: 'ctx.clipNorm > 0 && gradNorm > ctx.clipNorm ? ctx.clipNorm / gradNorm : 1', replace: '1', what: 'gradient clipping never applied', tests: [CLIP] },
  { id: 'gradnorm-not-sqrt', area: 'trainer', file: 'src/train/step.ts', find: 'Math.sqrt(rest[rest.length - 1])', replace: 'rest[rest.length - 1]', what: 'the logged gradNorm is the squared norm', tests: [CLIP] },
  { id: 'guard-nan-only', area: 'trainer', file: 'src/train/step.ts', find: '!Number.isFinite(loss) || !Number.isFinite(gradNorm)', replace: 'Number.isNaN(loss) || Number.isNaN(gradNorm)', what: 'the non-finite guard checks NaN only', tests: [CLIP] },
  { id: 'biva-bu-no-zbu', area: 'models', file: 'src/models/biva.ts', find: '[bu(i - 1), zbu(i - 1)]', replace: '[bu(i - 1)]', what: 'BIVA bu_i no longer reads z_{i-1}^BU', tests: WIRING },
  { id: 'eval-raw-weights', area: 'cli', file: 'src/cli/eval-command.ts', find: "boolFlag(args, 'raw') ? state.params : state.ema", replace: 'state.params', what: 'strata eval uses the raw weights by default', tests: [EMA_CLI] },
  { id: 'active-units-no-correction', area: 'trainer', file: 'src/train/evaluation.ts', find: 'between - within / n / Math.max(1, samples - 1) > threshold', replace: 'between > threshold', what: 'active units without the sampling-noise correction', tests: ['test/train/active-units.test.ts'] },
  { id: 'batcher-ignores-seed', area: 'data', file: 'src/datasets/batcher.ts', find: 'prng(deriveSeed(seed, SHUFFLE, epoch))', replace: 'prng(deriveSeed(0, SHUFFLE, epoch))', what: 'the batcher ignores its seed when shuffling', tests: [DATA, 'test/datasets/batcher-seed.test.ts', 'test/datasets/batcher.test.ts'] },
  { id: 'ema-decay-max', area: 'trainer', file: 'src/train/ema.ts', find: 'Math.min(decay, (1 + updates) / (10 + updates))', replace: 'Math.max(decay, (1 + updates) / (10 + updates))', what: 'the EMA decay schedule uses max instead of min', tests: [SCHEDULE] },
  { id: 'resume-drops-skipped', area: 'trainer', file: 'src/train/resume.ts', find: 'state.skipped = manifest.skipped;', replace: '', what: 'resume drops the skipped-step count', tests: RESUME },
  { id: 'binarize-le', area: 'data', file: 'src/datasets/binarize.ts', find: 'bits >>> 16 < THRESHOLD[pixels[i]]', replace: 'bits >>> 16 <= THRESHOLD[pixels[i]]', what: 'binarization with <= instead of <', tests: ['test/datasets/binarize-threshold.test.ts', 'test/datasets/binarize.test.ts'] },
].map((f) => ({ ...f, named: true }));

const more: readonly Fault[] = [
  // trainer
  { id: 'step-seed-off-by-one', area: 'trainer', file: 'src/train/loop.ts', find: 'stepSeed(config.seed, state.step + 1)', replace: 'stepSeed(config.seed, state.step)', what: 'step s draws the noise of step s - 1', tests: [STEP] },
  { id: 'step-number-off-by-one', area: 'trainer', file: 'src/train/loop.ts', find: 'trainStep({ ...ctx, objective }, batch, state.step + 1,', replace: 'trainStep({ ...ctx, objective }, batch, state.step,', what: 'the objective sees step s - 1 (warm-up and fine-tuning one step late)', tests: [STEP] },
  { id: 'position-not-advanced', area: 'trainer', file: 'src/train/loop.ts', find: 'state.position = nextPosition(state.position, batcher.batchesPerEpoch);', replace: '', what: 'every step reads the same batch', tests: [DATA] },
  { id: 'skips-not-counted', area: 'trainer', file: 'src/train/loop.ts', find: 'if (stats.skipped) state.skipped += 1;', replace: '', what: 'skipped steps are not counted', tests: [CLIP] },
  { id: 'samples-always-1', area: 'trainer', file: 'src/train/loop.ts', find: 'samples: samplesFor(config.objective)', replace: 'samples: 1', what: 'the loop traces one sample whatever the objective', tests: [STEP] },
  { id: 'ema-decay-config-ignored', area: 'trainer', file: 'src/train/loop.ts', find: 'emaDecay: config.emaDecay', replace: 'emaDecay: 0.999', what: 'the configured EMA decay never reaches the step', tests: [SCHEDULE] },
  { id: 'clip-config-ignored', area: 'trainer', file: 'src/train/loop.ts', find: 'clipNorm: config.clipNorm', replace: 'clipNorm: 0', what: 'the configured clip norm never reaches the step', tests: [CLIP] },
  { id: 'clip-scale-inverted', area: 'trainer', file: 'src/train/step.ts', find: 'ctx.clipNorm / gradNorm : 1', replace: 'gradNorm / ctx.clipNorm : 1', what: 'clipping scales by the inverse factor', tests: [CLIP] },
  { id: 'ema-count-off-by-one', area: 'trainer', file: 'src/train/step.ts', find: 'emaDecayAt(ctx.emaDecay, ctx.optimizer.iterations() + 1)', replace: 'emaDecayAt(ctx.emaDecay, ctx.optimizer.iterations())', what: 'the EMA decay of update n is that of update n - 1', tests: [SCHEDULE] },
  { id: 'ema-moves-wrong-way', area: 'trainer', file: 'src/train/optimizer.ts', find: 'variables, ema.decay);', replace: 'variables, 1 - ema.decay);', what: 'the EMA update uses 1 - decay', tests: [SCHEDULE] },
  { id: 'lr-warmup-ignored', area: 'trainer', file: 'src/train/optimizer.ts', find: 'Math.min(1, (t + 1) / config.warmup)', replace: '1', what: 'learning-rate warm-up ignored', tests: [SCHEDULE] },
  { id: 'lr-decay-ignored', area: 'trainer', file: 'src/train/optimizer.ts', find: 'Math.pow(config.decay, t)', replace: '1', what: 'learning-rate decay ignored', tests: [SCHEDULE] },
  { id: 'adamax-no-bias-correction', area: 'trainer', file: 'src/train/optimizer.ts', find: 'tf.div(m1, tf.add(u, epsilon)).mul(lr / correction1)', replace: 'tf.div(m1, tf.add(u, epsilon)).mul(lr)', what: 'Adamax without the first-moment bias correction', tests: [SCHEDULE] },
  { id: 'first-moment-beta1', area: 'trainer', file: 'src/train/optimizer.ts', find: 'tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1))', replace: 'tf.add(tf.mul(m, beta1), tf.mul(g, beta1))', what: 'first moment weighs the gradient by beta1', tests: [CLIP] },
  { id: 'resume-drops-position', area: 'trainer', file: 'src/train/resume.ts', find: 'state.position = manifest.position;', replace: '', what: 'resume restarts the data at (0, 0)', tests: RESUME },
  { id: 'resume-drops-iterations', area: 'trainer', file: 'src/train/resume.ts', find: 'state.optimizer.restore(manifest.optimizerIterations, moments)', replace: 'state.optimizer.restore(0, moments)', what: 'resume restarts the optimizer count (bias correction, lr schedule)', tests: RESUME },
  { id: 'checkpoint-drops-skipped', area: 'trainer', file: 'src/train/checkpoint.ts', find: 'skipped: state.skipped,', replace: 'skipped: 0,', what: 'the checkpoint saves no skipped count', tests: RESUME },
  // objectives
  { id: 'iwae-branch-elbo', area: 'objectives', file: 'src/train/objective-table.ts', find: 'bound: () => (trace) => iwaePerDatum(trace),', replace: 'bound: () => (trace) => elboPerDatum(trace),', what: 'the iwae objective trains the ELBO', tests: OBJECTIVES },
  { id: 'finetune-never', area: 'objectives', file: 'src/train/objective-table.ts', find: 'c.until !== undefined && step > c.until ? 0 : c.lambda', replace: 'c.lambda', what: 'free-bits fine-tuning (lambda 0) never starts', tests: OBJECTIVES },
  { id: 'finetune-one-early', area: 'objectives', file: 'src/train/objective-table.ts', find: 'step > c.until ? 0', replace: 'step >= c.until ? 0', what: 'fine-tuning starts one step early', tests: OBJECTIVES },
  { id: 'warmup-bypassed', area: 'objectives', file: 'src/train/objective.ts', find: 'b < 1 ? warmup(b)(trace) : trace', replace: 'trace', what: 'the warm-up factor is computed but not applied', tests: OBJECTIVES },
  { id: 'warmup-schedule-late', area: 'objectives', file: 'src/inference/objectives/warmup.ts', find: 'Math.max(0, step / steps)', replace: 'Math.max(0, (step - 1) / steps)', what: 'warm-up beta one step late', tests: OBJECTIVES },
  { id: 'iwae-no-log-k', area: 'objectives', file: 'src/inference/log-space.ts', find: 'return tf.sub(logSumExp(x, axis, keepDims), Math.log(n));', replace: 'return logSumExp(x, axis, keepDims);', what: 'L_K without the - log K', tests: OBJECTIVES },
  { id: 'free-bits-per-datum', area: 'objectives', file: 'src/inference/objectives/free-bits.ts', find: 'tf.greaterEqual(tf.mean(kl), lambda)', replace: 'tf.greaterEqual(kl, lambda)', what: "free bits 'batch' floors each datum", tests: OBJECTIVES },
  { id: 'm2-alpha-dropped', area: 'objectives', file: 'src/train/objective-table.ts', find: 'return (trace) => m2(alpha, layout)(trace);', replace: 'return (trace) => m2(0, layout)(trace);', what: 'the m2 objective drops the classification weight alpha', tests: ['test/train/m2-objective.test.ts', 'test/inference/objectives/m2.test.ts'] },
  // models
  { id: 'biva-td-no-skip', area: 'models', file: 'src/models/biva.ts', find: '[zbu(i + 1), ztd(i + 1), td(i + 1), ...y]', replace: '[zbu(i + 1), ztd(i + 1), ...y]', what: 'BIVA top-down path loses its skip connection', tests: WIRING },
  { id: 'biva-qtd-no-bu', area: 'models', file: 'src/models/biva.ts', find: '.q(ztd(i), [td(i), bu(i)])', replace: '.q(ztd(i), [td(i)])', what: 'q(z_i^TD) no longer reads the bottom-up path', tests: WIRING },
  { id: 'biva-px-no-td1', area: 'models', file: 'src/models/biva.ts', find: "m.p('x', [zbu(1), ztd(1), td(1), ...y]", replace: "m.p('x', [zbu(1), ztd(1), ...y]", what: 'p(x) no longer reads d_1', tests: WIRING },
  { id: 'biva-m2-y-not-on-top', area: 'models', file: 'src/models/biva.ts', find: '[zbu(L), ...y]', replace: '[zbu(L)]', what: 'BIVA-M2: y does not feed d_{L-1}', tests: WIRING },
  { id: 'biva-m2-classifier-short', area: 'models', file: 'src/models/biva.ts', find: "m.q('y', [c(L)])", replace: "m.q('y', [c(1)])", what: 'BIVA-M2: q(y | x) skips its hierarchy', tests: WIRING },
  { id: 'lvae-always-skip', area: 'models', file: 'src/models/lvae.ts', find: 'const fromTop = skip && i < L - 1;', replace: 'const fromTop = i < L - 1;', what: 'LVAE gets the LVAE+ skip path', tests: WIRING },
  { id: 'lvae-q-no-td', area: 'models', file: 'src/models/lvae.ts', find: '.q(z(i), [bu(i), td(i)])', replace: '.q(z(i), [bu(i)])', what: 'ladder inference is no longer top-down', tests: WIRING },
  { id: 'vae-q-from-x', area: 'models', file: 'src/models/vae.ts', find: 'm.q(z(i), [z(i - 1)], latentBlock(config))', replace: "m.q(z(i), ['x'], latentBlock(config))", what: 'VAE q(z_i) reads x instead of z_{i-1}', tests: WIRING },
  // cli and data
  { id: 'sample-raw-weights', area: 'cli', file: 'src/cli/sample-command.ts', find: 'priorSampleGrid(state.model, state.ema,', replace: 'priorSampleGrid(state.model, state.params,', what: 'strata sample draws with the raw weights', tests: [EMA_CLI] },
  { id: 'score-raw-weights', area: 'cli', file: 'src/cli/score-command.ts', find: 'anomalyScores(state.model, state.ema,', replace: 'anomalyScores(state.model, state.params,', what: 'strata score uses the raw weights', tests: [EMA_CLI] },
  { id: 'plot-kl-first-record', area: 'cli', file: 'src/train/artifacts.ts', find: '[...new Set(records.flatMap((r) => Object.keys(r.kl ?? {})))]', replace: 'Object.keys(records[0]?.kl ?? {})', what: 'plot takes the KL nodes from the first record only', tests: [PLOT] },
  { id: 'plot-keeps-empty-records', area: 'cli', file: 'src/cli/plot-command.ts', find: 'records.filter((r) => Number.isFinite(r.nats) && Object.values(r.kl ?? {}).some(Number.isFinite))', replace: 'records', what: 'plot charts records of skipped-only intervals', tests: [PLOT] },
  { id: 'static-noise', area: 'data', file: 'src/datasets/batcher.ts', find: 'source.write(example, deriveSeed(seed, NOISE, epoch, example)', replace: 'source.write(example, deriveSeed(seed, NOISE, 0, example)', what: 'binarization noise ignores the epoch (static binarization)', tests: [DATA] },
];

/** Every fault, the named ones first. */
export const faults: readonly Fault[] = [...named, ...more];
