/**
 * Checkpoints of a training run, in `<run>/checkpoints/`: each one a folder
 * (manifest.json, weights.bin, ema.bin, optimizer.bin) written under a
 * temporary name, fsynced and renamed; then `latest.json` is replaced
 * atomically to point at it. A process killed at any moment leaves
 * `latest.json` naming a complete folder (the old or the new one). Loading
 * checks the manifest, the sizes and the SHA-256 of every file and returns a
 * clear error naming the file instead of throwing.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import type { BatchPosition } from '../datasets/batcher.js';
import { decodeSpec } from '../dsl/codec.js';
import { encodeParams } from '../dsl/params.js';
import type { ModelSpec } from '../dsl/spec.js';
import type { TrainConfig } from './config.js';
import { writeFileAtomic } from '../report/write-file.js';
import { syncDirectory, writeSynced } from './files.js';
import type { TrainState } from './state.js';

/** One binary file of a checkpoint and the tfjs manifest of its tensors. */
export interface FileEntry {
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly specs: tf.io.WeightsManifestEntry[];
}

/** Free-form facts about the run that the command line keeps (model name, data set, preset, backend). */
export type RunMeta = Readonly<Record<string, string | number | boolean>>;

/** The manifest.json of a checkpoint. */
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
  readonly files: { readonly weights: FileEntry; readonly ema: FileEntry; readonly optimizer: FileEntry };
}

/** A checkpoint read from disk and verified: the manifest and each file's bytes. */
export interface Checkpoint {
  readonly folder: string;
  readonly manifest: CheckpointManifest;
  readonly data: { readonly weights: ArrayBuffer; readonly ema: ArrayBuffer; readonly optimizer: ArrayBuffer };
}

const LATEST = 'latest.json';
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const checkpointsOf = (runDir: string): string => join(runDir, 'checkpoints');

const encodeNamed = async (tensors: tf.NamedTensorMap): Promise<{ specs: tf.io.WeightsManifestEntry[]; data: ArrayBuffer }> =>
  tf.io.encodeWeights(Object.entries(tensors).map(([name, tensor]) => ({ name, tensor })));

/**
 * Writes the state as a new checkpoint of `runDir` and points `latest.json`
 * at it; keeps the previous one, and removes older checkpoints and the
 * temporary folders of saves that a killed process left behind.
 */
export const saveCheckpoint = async (runDir: string, state: TrainState, meta: RunMeta = {}): Promise<string> => {
  const root = checkpointsOf(runDir);
  mkdirSync(root, { recursive: true });
  const opt = state.optimizer.state();
  const parts = { weights: await encodeParams(state.params), ema: await encodeParams(state.ema), optimizer: await encodeNamed(opt.tensors) };
  const name = `step-${String(state.step).padStart(8, '0')}-${Date.now().toString(36)}${process.pid.toString(36)}`;
  const temporary = join(root, `.tmp-${name}`);
  mkdirSync(temporary);
  const files = Object.fromEntries(
    Object.entries(parts).map(([key, { specs, data }]) => {
      const bytes = new Uint8Array(data);
      writeSynced(join(temporary, `${key}.bin`), bytes);
      return [key, { file: `${key}.bin`, bytes: bytes.byteLength, sha256: sha256(bytes), specs }];
    }),
  ) as unknown as CheckpointManifest['files'];
  const manifest: CheckpointManifest = {
    format: 'strata-checkpoint',
    version: 1,
    step: state.step,
    position: state.position,
    skipped: state.skipped,
    optimizerIterations: opt.iterations,
    config: state.config,
    spec: state.model.spec,
    meta,
    files,
  };
  writeSynced(join(temporary, 'manifest.json'), JSON.stringify(manifest, null, 1));
  syncDirectory(temporary);
  renameSync(temporary, join(root, name));
  syncDirectory(root);
  const previous = latestName(runDir);
  writeFileAtomic(join(root, LATEST), JSON.stringify({ checkpoint: name }));
  syncDirectory(root);
  for (const entry of readdirSync(root)) {
    const stale = entry.startsWith('.tmp-step-') || (!entry.startsWith('.') && entry !== name && entry !== previous && entry !== LATEST);
    if (stale) rmSync(join(root, entry), { recursive: true, force: true });
  }
  return join(root, name);
};

const latestName = (runDir: string): string | undefined => {
  try {
    const parsed = JSON.parse(readFileSync(join(checkpointsOf(runDir), LATEST), 'utf8')) as { checkpoint?: unknown };
    return typeof parsed.checkpoint === 'string' ? parsed.checkpoint : undefined;
  } catch {
    return undefined;
  }
};

const readEntry = (folder: string, key: string, entry: FileEntry | undefined): E.Either<string, ArrayBuffer> => {
  if (entry === undefined) return E.left(`${join(folder, 'manifest.json')}: no entry for '${key}'`);
  const path = join(folder, entry.file);
  if (!existsSync(path)) return E.left(`${path}: missing`);
  const bytes = readFileSync(path);
  if (bytes.byteLength !== entry.bytes) return E.left(`${path}: ${bytes.byteLength} bytes, the manifest says ${entry.bytes} (truncated or corrupt)`);
  if (sha256(bytes) !== entry.sha256) return E.left(`${path}: checksum mismatch (corrupt)`);
  return E.right(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
};

/** Reads and verifies the latest checkpoint of `runDir`. */
export const loadCheckpoint = (runDir: string): E.Either<string, Checkpoint> => {
  if (!existsSync(runDir)) return E.left(`${runDir}: no such run folder`);
  const pointer = join(checkpointsOf(runDir), LATEST);
  if (!existsSync(pointer)) return E.left(`${runDir}: no checkpoint (missing ${pointer})`);
  const name = latestName(runDir);
  if (name === undefined) return E.left(`${pointer}: corrupt (not a checkpoint pointer)`);
  const folder = join(checkpointsOf(runDir), name);
  const manifestPath = join(folder, 'manifest.json');
  if (!existsSync(manifestPath)) return E.left(`${manifestPath}: missing`);
  let manifest: CheckpointManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as CheckpointManifest;
  } catch (error) {
    return E.left(`${manifestPath}: corrupt (${(error as Error).message})`);
  }
  if (manifest?.format !== 'strata-checkpoint' || manifest.version !== 1) return E.left(`${manifestPath}: not a strata checkpoint (version 1)`);
  const spec = decodeSpec(manifest.spec);
  if (E.isLeft(spec)) return E.left(`${manifestPath}: corrupt model spec: ${spec.left.slice(0, 3).join('; ')}`);
  const files = manifest.files ?? {};
  const weights = readEntry(folder, 'weights', files.weights);
  if (E.isLeft(weights)) return weights;
  const ema = readEntry(folder, 'ema', files.ema);
  if (E.isLeft(ema)) return ema;
  const optimizer = readEntry(folder, 'optimizer', files.optimizer);
  if (E.isLeft(optimizer)) return optimizer;
  return E.right({ folder, manifest: { ...manifest, spec: spec.right }, data: { weights: weights.right, ema: ema.right, optimizer: optimizer.right } });
};
