/**
 * THE table of training objectives: for each one its name, its options
 * (with their domains and defaults), how its configuration is read from
 * option values, how it builds the bound per datum, how many importance
 * samples a step traces and what its log records mean. The CLI's flags and
 * `--help`, `fit`'s `objective` option, `describeObjective` and the README's
 * list all derive from it: a new objective is one entry here (plus its
 * bound in src/inference/objectives). Pure: no effects.
 */
import type * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { elboPerDatum } from '../inference/objectives/elbo.js';
import { freeBits, type BatchMean } from '../inference/objectives/free-bits.js';
import { iwaePerDatum } from '../inference/objectives/iwae.js';
import { m2, type LabelLayout } from '../inference/objectives/m2.js';
import type { Trace } from '../inference/trace.js';
import type { ObjectiveConfig } from './config-types.js';
import { optionValue, type OptionSpec } from './domain.js';

/** The name of an objective (`--objective`, `fit`'s `objective`). */
export type ObjectiveName = ObjectiveConfig['kind'];

/** The configuration of objective `K`. */
export type ObjectiveConfigOf<K extends ObjectiveName> = Extract<ObjectiveConfig, { readonly kind: K }>;

/**
 * A bound per datum [B] of a step's trace at step `step` (before warm-up).
 * `meanOverBatch` (default: the identity) turns this process's batch means
 * into the global batch's in data-parallel training; only free bits over
 * 'batch' reduces over the batch, every other bound is per datum.
 */
export type Bound = (trace: Trace, step: number, meanOverBatch?: BatchMean) => tf.Tensor1D;

/** One row of the table. */
export interface ObjectiveEntry<K extends ObjectiveName> {
  readonly name: K;
  /** One line for --help and the docs. */
  readonly help: string;
  /** Its options by flag name (`fit` takes the same values as fields of its configuration). */
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Its configuration from option values (absent ones take their defaults; values are already checked). */
  readonly configure: (values: Readonly<Record<string, unknown>>) => ObjectiveConfigOf<K>;
  /** The option values of a configuration (inverse of `configure`, for checking `fit`'s configurations). */
  readonly values: (config: ObjectiveConfigOf<K>) => Readonly<Record<string, unknown>>;
  /** Its bound; M2 needs the label layout of the step's enumerated batch. */
  readonly bound: (config: ObjectiveConfigOf<K>, layout?: LabelLayout) => Bound;
  /** Importance samples per datum a training step traces. */
  readonly samples: (config: ObjectiveConfigOf<K>) => number;
  /** One line naming it with its settings, e.g. `iwae(k=5)`. */
  readonly describe: (config: ObjectiveConfigOf<K>) => string;
  /** True when it trains on labelled and unlabelled data (the batcher carries a labelled mask). */
  readonly labelled: boolean;
  /** What the `loss` of its log records is (`elbo` and `kl` are always the ELBO and the analytic KL per node). */
  readonly logs: string;
}

const freeBitsOptions: Record<string, OptionSpec> = {
  'free-bits': { kind: 'number', min: 0, help: 'free-bits lambda in nats per group', default: 2 },
  'free-bits-group': { kind: 'string', choices: ['node', 'dimension'], help: 'free-bits groups: node or dimension', default: 'node' },
  'free-bits-over': { kind: 'string', choices: ['batch', 'datapoint'], help: 'free-bits KL averaged over the batch or per datapoint', default: 'batch' },
  'finetune-after': { kind: 'int', min: 0, help: "free bits: lambda 0 after this step (the paper's fine-tuning)" },
};
const iwaeOptions: Record<string, OptionSpec> = { k: { kind: 'int', min: 1, max: 100000, help: 'importance samples of the iwae objective', default: 5 } };
const m2Options: Record<string, OptionSpec> = {
  alpha: {
    kind: 'number',
    min: 0,
    help: 'm2: weight of log q(y|x) on labelled rows; default beta (N_l + N_u) / N_l with beta = 0.1 (Kingma et al. 2014; Maaloe et al. 2016), 50 for 100 MNIST labels',
  },
  labelled: { kind: 'int', min: 1, help: 'm2: labelled training examples (an equal number per class, chosen from --seed); the rest are unlabelled', default: 100 },
  'labelled-batch': { kind: 'int', min: 1, help: 'm2: labelled rows at the start of every batch, the rest unlabelled; default a third of --batch (16 of 48)' },
};

const read = <T>(specs: Record<string, OptionSpec>, values: Readonly<Record<string, unknown>>, name: string): T => optionValue(specs, values, name) as T;

/** Every objective strata trains with, by name. */
export const objectives: { readonly [K in ObjectiveName]: ObjectiveEntry<K> } = {
  elbo: {
    name: 'elbo',
    help: 'the evidence lower bound L_1',
    options: {},
    configure: () => ({ kind: 'elbo' }),
    values: () => ({}),
    bound: () => (trace) => elboPerDatum(trace),
    samples: () => 1,
    describe: () => 'elbo',
    labelled: false,
    logs: 'loss = -ELBO',
  },
  'free-bits': {
    name: 'free-bits',
    help: 'the ELBO with each KL group held at least lambda nats (Kingma et al. 2016), lambda 0 after --finetune-after',
    options: freeBitsOptions,
    configure: (v) => {
      const until = v['finetune-after'];
      return {
        kind: 'free-bits',
        lambda: read<number>(freeBitsOptions, v, 'free-bits'),
        groupBy: read<'node' | 'dimension'>(freeBitsOptions, v, 'free-bits-group'),
        over: read<'batch' | 'datapoint'>(freeBitsOptions, v, 'free-bits-over'),
        ...(typeof until === 'number' ? { until } : {}),
      };
    },
    values: (c) => ({ ...(typeof c.lambda === 'number' ? { 'free-bits': c.lambda } : {}), 'free-bits-group': c.groupBy, 'free-bits-over': c.over, ...(c.until === undefined ? {} : { 'finetune-after': c.until }) }),
    bound: (c) => (trace, step, meanOverBatch) =>
      freeBits(c.until !== undefined && step > c.until ? 0 : c.lambda, { groupBy: c.groupBy, over: c.over, ...(meanOverBatch === undefined ? {} : { meanOverBatch }) })(trace),
    samples: () => 1,
    describe: (c) =>
      `free-bits(${typeof c.lambda === 'number' ? `lambda=${c.lambda}` : `total=${c.lambda.total}`}, ${c.groupBy}, ${c.over}${c.until === undefined ? '' : `, 0 after step ${c.until}`})`,
    labelled: false,
    logs: 'loss = minus the free-bits bound (KL terms below the floor count as the floor)',
  },
  iwae: {
    name: 'iwae',
    help: 'the importance-weighted bound L_k (Burda et al. 2016)',
    options: iwaeOptions,
    configure: (v) => ({ kind: 'iwae', k: read<number>(iwaeOptions, v, 'k') }),
    values: (c) => ({ k: c.k }),
    bound: () => (trace) => iwaePerDatum(trace),
    samples: (c) => c.k,
    describe: (c) => `iwae(k=${c.k})`,
    labelled: false,
    logs: 'loss = -L_k; elbo and kl are means over the k samples',
  },
  m2: {
    name: 'm2',
    help: 'semi-supervised M2 (Kingma et al. 2014) for models with a label node',
    options: m2Options,
    configure: (v) => {
      const alpha = v.alpha;
      const perBatch = v['labelled-batch'];
      return {
        kind: 'm2',
        labelled: read<number>(m2Options, v, 'labelled'),
        ...(typeof alpha === 'number' ? { alpha } : {}),
        ...(typeof perBatch === 'number' ? { labelledBatch: perBatch } : {}),
      };
    },
    values: (c) => ({ labelled: c.labelled, ...(c.alpha === undefined ? {} : { alpha: c.alpha }), ...(c.labelledBatch === undefined ? {} : { 'labelled-batch': c.labelledBatch }) }),
    bound: (c, layout) => {
      if (layout === undefined) throw new Error('the m2 objective needs labelled batches (enumerateLabels)');
      const alpha = c.alpha;
      if (alpha === undefined) throw new Error('the m2 objective needs alpha: set it, e.g. defaultAlpha(N, N_l) (a run fills it in)');
      return (trace) => m2(alpha, layout)(trace);
    },
    samples: () => 1,
    describe: (c) => `m2(alpha=${c.alpha ?? 'beta (N_l+N_u)/N_l'}, ${c.labelled} labelled, ${c.labelledBatch ?? 'a third'} per batch)`,
    labelled: true,
    logs: 'loss = minus the M2 bound (labelled rows: ELBO + alpha log q(y|x); unlabelled rows: expectation over q(y|x) plus its entropy)',
  },
};

/** The objective names, in the table's order. */
export const objectiveNames = Object.keys(objectives) as readonly ObjectiveName[];

/** The row of `config`'s objective. */
export const objectiveEntry = <K extends ObjectiveName>(name: K): ObjectiveEntry<K> => objectives[name] as ObjectiveEntry<K>;

/** Every objective option by flag name, `objective` itself first. */
export const objectiveOptions: Readonly<Record<string, OptionSpec>> = {
  objective: {
    kind: 'string',
    choices: objectiveNames,
    help: objectiveNames.map((n) => `${n}: ${objectives[n].help}`).join('; '),
    default: 'elbo',
  },
  ...Object.assign({}, ...objectiveNames.map((n) => objectives[n].options)),
};

/** One line naming the objective, e.g. `free-bits(lambda=2, node, batch)`. */
export const describeObjective = (o: ObjectiveConfig): string => (objectiveEntry(o.kind).describe as (c: ObjectiveConfig) => string)(o);

/** Importance samples the trace of a training step needs for `objective`. */
export const samplesFor = (o: ObjectiveConfig): number => (objectiveEntry(o.kind).samples as (c: ObjectiveConfig) => number)(o);

/** The bound of `o` (M2 needs `layout`). */
export const boundOf = (o: ObjectiveConfig, layout?: LabelLayout): Bound => (objectiveEntry(o.kind).bound as (c: ObjectiveConfig, l?: LabelLayout) => Bound)(o, layout);

/** The objective configuration `name` with its options' values (absent ones take their defaults). */
export const configureObjective = (name: ObjectiveName, values: Readonly<Record<string, unknown>> = {}): ObjectiveConfig => objectiveEntry(name).configure(values);

/**
 * The objective that option values name: `objective` when given, else
 * free-bits when one of its floor options (`free-bits`, `finetune-after`) is
 * given, else `fallback` (the default objective, or a resumed run's).
 */
export const objectiveNamed = (given: Readonly<Record<string, unknown>>, fallback: ObjectiveName = objectiveOptions.objective.default as ObjectiveName): ObjectiveName => {
  if (typeof given.objective === 'string') return given.objective as ObjectiveName;
  return given['free-bits'] !== undefined || given['finetune-after'] !== undefined ? 'free-bits' : fallback;
};

/**
 * The objective configuration that option values (by flag name) ask for,
 * named by `objectiveNamed`; Left naming each given option that belongs to
 * another objective (e.g. `--k` with `--objective elbo`), since it would be
 * silently ignored.
 */
export const objectiveFromOptions = (given: Readonly<Record<string, unknown>>, fallback?: ObjectiveName, saved?: ObjectiveConfig): E.Either<string, ObjectiveConfig> => {
  const name = objectiveNamed(given, fallback);
  const own = objectives[name].options;
  const stray = Object.keys(given).filter((n) => n !== 'objective' && given[n] !== undefined && objectiveOptions[n] !== undefined && own[n] === undefined);
  if (stray.length > 0) {
    const owner = (flag: string): string => objectiveNames.filter((o) => objectives[o].options[flag] !== undefined).join(' or ');
    return E.left(`${stray.map((f) => `--${f} (an option of ${owner(f)})`).join(', ')}: not an option of the ${name} objective`);
  }
  const kept = saved !== undefined && saved.kind === name ? (objectiveEntry(name).values as (c: ObjectiveConfig) => Readonly<Record<string, unknown>>)(saved) : {};
  const configured = configureObjective(name, { ...kept, ...given });
  // A total free-bits budget has no flag: a resumed run keeps it unless --free-bits replaces it.
  if (configured.kind === 'free-bits' && saved?.kind === 'free-bits' && given['free-bits'] === undefined) return E.right({ ...configured, lambda: saved.lambda });
  return E.right(configured);
};
