/**
 * Cross-checks of a decoded checkpoint manifest, so that an edited or
 * foreign manifest is refused instead of silently changing the run:
 * the step agrees with the folder name and with the counters (each applied
 * step is one optimizer iteration, each step one batch), the byte counts
 * agree with the tensor lists, the EMA weights mirror the weights, and the
 * optimizer's moments are pairs m/<weight>, v/<weight> shaped like their weight
 * (none missing once the optimizer has run).
 */
import type * as tf from '@tensorflow/tfjs';
import { CHECKPOINT_NAME, type CheckpointManifest } from './manifest.js';

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;
const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

const counterProblems = (folderName: string, m: CheckpointManifest): string[] => {
  const problems: string[] = [];
  const named = CHECKPOINT_NAME.exec(folderName);
  if (named === null || Number(named[1]) !== m.step) problems.push(`step: ${m.step}, but the folder name '${folderName}' says step ${named === null ? '(none)' : Number(named[1])}`);
  if (m.skipped > m.step) problems.push(`skipped: ${m.skipped} skipped steps exceed the ${m.step} steps taken`);
  else if (m.optimizerIterations !== m.step - m.skipped) {
    problems.push(`optimizerIterations: ${m.optimizerIterations}, but ${m.step} steps with ${m.skipped} skipped make ${m.step - m.skipped} optimizer iterations`);
  }
  const { epoch, index } = m.position;
  if (epoch + index > m.step || (epoch === 0 && index !== m.step)) problems.push(`position: epoch ${epoch}, batch ${index} cannot follow ${m.step} steps`);
  return problems;
};

const sizeProblems = (m: CheckpointManifest): string[] =>
  (['weights', 'ema', 'optimizer'] as const).flatMap((key) => {
    const entry = m.files[key];
    const described = entry.specs.reduce((a, s) => a + 4 * sizeOf(s.shape), 0);
    return described === entry.bytes ? [] : [`files.${key}: ${entry.bytes} bytes, but its tensor list describes ${described}`];
  });

const emaProblems = (weights: ReadonlyMap<string, readonly number[]>, ema: readonly tf.io.WeightsManifestEntry[]): string[] => {
  const names = new Set(ema.map((s) => s.name));
  const missing = [...weights.keys()].filter((n) => !names.has(n));
  const wrong = ema.filter((s) => !sameShape(weights.get(s.name) ?? [-1], s.shape));
  return [
    ...(missing.length > 0 ? [`files.ema.specs: no EMA copy of weight '${missing[0]}'${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''}`] : []),
    ...wrong.slice(0, 1).map((s) => `files.ema.specs: '${s.name}' ${shapeText(s.shape)} is not a weight of that shape`),
  ];
};

const momentProblems = (m: CheckpointManifest, weights: ReadonlyMap<string, readonly number[]>): string[] => {
  const specs = m.files.optimizer.specs;
  const problems: string[] = [];
  const names = new Set(specs.map((s) => s.name));
  for (const s of specs) {
    const match = /^([mv])\/(.+)$/.exec(s.name);
    const shape = match === null ? undefined : weights.get(match[2]);
    if (match === null || shape === undefined) problems.push(`files.optimizer.specs: '${s.name}' is not a moment m/<weight> or v/<weight> of a saved weight`);
    else if (!sameShape(shape, s.shape)) problems.push(`files.optimizer.specs: '${s.name}' has shape ${shapeText(s.shape)}, its weight ${shapeText(shape)}`);
    else if (!names.has(`${match[1] === 'm' ? 'v' : 'm'}/${match[2]}`)) problems.push(`files.optimizer.specs: '${s.name}' has no partner moment`);
  }
  if (m.optimizerIterations > 0 && specs.length === 0) {
    problems.push(`files.optimizer.specs: no optimizer moments after ${m.optimizerIterations} optimizer iterations (resuming would reset them)`);
  }
  return problems;
};

/**
 * The inconsistencies of manifest `m` read from the checkpoint folder named
 * `folderName` (empty when it is consistent), each `<JSON path>: <problem>`.
 */
export const manifestProblems = (folderName: string, m: CheckpointManifest): string[] => {
  const weights = new Map(m.files.weights.specs.map((s) => [s.name, s.shape] as const));
  return [...counterProblems(folderName, m), ...sizeProblems(m), ...emaProblems(weights, m.files.ema.specs), ...momentProblems(m, weights)];
};
