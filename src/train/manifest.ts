/**
 * The JSON files of a checkpoint, decoded with io-ts instead of trusted:
 * `checkpoints/latest.json` (which checkpoint is current, and the SHA-256 of
 * its manifest) and `checkpoints/<name>/manifest.json` (step, data position,
 * counters, training configuration, model spec, metadata, and the size,
 * SHA-256 and tensor list of each binary file). Errors are one line each,
 * `<file>: <JSON path>: expected <what>, got <value>`. The model spec is
 * decoded afterwards by `decodeSpec`; cross-checks live in manifest-checks.ts.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type * as tf from '@tensorflow/tfjs';
import type { BatchPosition } from '../datasets/batcher.js';
import { quoteInput } from '../datasets/error.js';
import { leaf, literal, mapped, nonNegativeInt, oneOf, positiveInt, record, tagged } from '../dsl/codec-combinators.js';
import type { ModelSpec } from '../dsl/spec.js';
import type { ObjectiveConfig, OptimizerConfig, TrainConfig } from './config.js';

/** One binary file of a checkpoint and the tfjs manifest of its tensors. */
export interface FileEntry {
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly specs: tf.io.WeightsManifestEntry[];
}

/** Free-form facts about the run that the command line keeps (model name, data set, preset, backend). */
export type RunMeta = Readonly<Record<string, string | number | boolean>>;

/** The manifest.json of a checkpoint (`backend`: the tfjs backend that trained it, when recorded). */
export interface CheckpointManifest {
  readonly format: 'strata-checkpoint';
  readonly version: 1;
  readonly step: number;
  readonly position: BatchPosition;
  readonly skipped: number;
  readonly optimizerIterations: number;
  readonly config: TrainConfig;
  readonly spec: ModelSpec;
  readonly meta: RunMeta;
  readonly backend?: string;
  readonly files: { readonly weights: FileEntry; readonly ema: FileEntry; readonly optimizer: FileEntry };
}

/** `checkpoints/latest.json`: the current checkpoint's folder name and its manifest's SHA-256 (absent in runs older than the check). */
export interface LatestPointer {
  readonly checkpoint: string;
  readonly manifestSha256?: string;
}

/** A checkpoint folder name: `step-<step, 8+ digits>-<base-36 stamp>`, a plain name that cannot leave `checkpoints/`. */
export const CHECKPOINT_NAME = /^step-(\d+)-[0-9a-z]+$/;

const num = (name: string, ok: (n: number) => boolean): t.Type<number, number, unknown> =>
  leaf(name, (u): u is number => typeof u === 'number' && Number.isFinite(u) && ok(u));
const nonNegative = num('a finite number >= 0', (n) => n >= 0);
const unit = num('a number in [0, 1]', (n) => n <= 1 && n >= 0);
const seed = num('a non-negative safe integer', (n) => Number.isSafeInteger(n) && n >= 0);
const sha = leaf('a SHA-256 (64 hexadecimal digits)', (u): u is string => typeof u === 'string' && /^[0-9a-f]{64}$/.test(u));
const checkpointName = leaf('a checkpoint folder name step-<digits>-<stamp>', (u): u is string => typeof u === 'string' && CHECKPOINT_NAME.test(u));

const objective = tagged<ObjectiveConfig, 'kind'>('an objective', 'kind', {
  elbo: t.type({ kind: literal('elbo') }),
  'free-bits': t.intersection([
    t.type({
      kind: literal('free-bits'),
      lambda: t.union([nonNegative, t.type({ total: nonNegative })], 'a number >= 0 or { total }'),
      groupBy: oneOf(['node', 'dimension']),
      over: oneOf(['batch', 'datapoint']),
    }, 'a free-bits objective'),
    t.partial({ until: nonNegativeInt }, 'a free-bits objective'),
  ]),
  iwae: t.type({ kind: literal('iwae'), k: positiveInt }),
  m2: t.intersection([t.type({ kind: literal('m2'), labelled: nonNegativeInt }), t.partial({ alpha: nonNegative, labelledBatch: positiveInt })]),
});

/** The optimizer; `warmup` absent (runs saved before learning-rate warm-up existed) means 0. */
const optimizer: t.Type<OptimizerConfig, OptimizerConfig, unknown> = mapped(
  t.intersection(
    [
      t.type({ name: oneOf<'adamax' | 'adam'>(['adamax', 'adam']), lr: nonNegative, decay: nonNegative, beta1: unit, beta2: unit, epsilon: nonNegative }, 'an optimizer configuration'),
      t.partial({ warmup: nonNegative }, 'an optimizer configuration'),
    ],
    'an optimizer configuration',
  ),
  (o): OptimizerConfig => ({ ...o, warmup: o.warmup ?? 0 }),
);

/** The training configuration; fields this version does not know are kept (a newer writer's additions), `backend` is optional. */
export const trainConfigCodec: t.Type<TrainConfig, TrainConfig, unknown> = t.intersection(
  [
    t.type({
      seed,
      steps: nonNegativeInt,
      batchSize: positiveInt,
      objective,
      warmupSteps: nonNegative,
      optimizer,
      emaDecay: unit,
      clipNorm: nonNegative,
      logEvery: positiveInt,
    }, 'a training configuration'),
    t.partial({ backend: t.string, maxSkipped: positiveInt, evalEvery: nonNegativeInt }, 'a training configuration'),
  ],
  'a training configuration',
);

const weightSpec = t.type({ name: t.string, shape: t.array(nonNegativeInt), dtype: literal('float32') }, 'a float32 tensor entry { name, shape, dtype }');
const fileEntry = (file: string): t.Type<FileEntry, FileEntry, unknown> =>
  record(`the entry of ${file}`, { file: literal(file), bytes: nonNegativeInt, sha256: sha, specs: t.array(weightSpec) }, {}) as unknown as t.Type<FileEntry, FileEntry, unknown>;
const meta = t.record(t.string, t.union([t.string, t.number, t.boolean]), 'metadata (strings, numbers, booleans)');

const manifestCodec = record(
  'a checkpoint manifest',
  {
    format: literal('strata-checkpoint'),
    version: leaf('version 1', (u): u is 1 => u === 1),
    step: nonNegativeInt,
    position: record('a batch position { epoch, index }', { epoch: nonNegativeInt, index: nonNegativeInt }, {}),
    skipped: nonNegativeInt,
    optimizerIterations: nonNegativeInt,
    config: trainConfigCodec,
    spec: t.unknown,
    meta,
    files: record('the files { weights, ema, optimizer }', { weights: fileEntry('weights.bin'), ema: fileEntry('ema.bin'), optimizer: fileEntry('optimizer.bin') }, {}),
  },
  { backend: t.string },
);

const pointerCodec = record('a checkpoint pointer { checkpoint }', { checkpoint: checkpointName }, { manifestSha256: sha });

/** A decoded value for an error message: bounded and escaped. */
const show = (u: unknown): string => {
  if (u === undefined) return 'nothing';
  if (typeof u === 'string') return quoteInput(u, 80);
  if (u === null || typeof u === 'number' || typeof u === 'boolean') return String(u);
  return Array.isArray(u) ? `an array of ${u.length}` : `a ${typeof u}`;
};

/** Members of these combinators add an index to the context that is no part of the JSON path. */
const COMBINATORS = new Set(['IntersectionType', 'UnionType']);

const describe = (e: t.ValidationError): string => {
  const keys = e.context.slice(1).filter((_, i) => !COMBINATORS.has((e.context[i].type as { _tag?: string })._tag ?? '')).map((c) => c.key);
  const path = keys.length === 0 ? '(root)' : keys.join('.');
  const expected = e.context[e.context.length - 1]?.type.name ?? 'a value';
  const got = show(e.value);
  return `${path}: ${e.message ?? `expected ${expected}, got ${got}`}`;
};

const decodeJson = <A>(codec: t.Decoder<unknown, A>, file: string, text: string): E.Either<string, A> => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return E.left(`${file}: corrupt (not JSON: ${quoteInput((error as Error).message, 80)})`);
  }
  const decoded = codec.decode(json);
  if (E.isRight(decoded)) return E.right(decoded.right);
  const problems = [...new Set(decoded.left.map(describe))];
  return E.left(`${file}: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`);
};

/** Decodes the text of `file`, a manifest.json; the spec is left undecoded (`decodeSpec` reads it). */
export const decodeManifest = (file: string, text: string): E.Either<string, CheckpointManifest> =>
  decodeJson(manifestCodec as unknown as t.Decoder<unknown, CheckpointManifest>, file, text);

/** Decodes the text of `file`, a latest.json. */
export const decodePointer = (file: string, text: string): E.Either<string, LatestPointer> => decodeJson(pointerCodec, file, text);
