/**
 * Checkpoints of a training run, in `<run>/checkpoints/`: each one a folder
 * (manifest.json, weights.bin, ema.bin, optimizer.bin) written under a
 * temporary name, fsynced and renamed; then `latest.json` is replaced
 * atomically to point at it and record its manifest's SHA-256. A process
 * killed at any moment leaves `latest.json` naming a complete folder (the old
 * or the new one); its temporaries are swept by the next save or start.
 * Loading trusts nothing: latest.json and the manifest are decoded (io-ts)
 * and cross-checked (manifest-checks.ts), every path stays inside the run's
 * checkpoints folder, and sizes and SHA-256s are verified; every failure is
 * one line naming the file.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { decodeSpec } from '../dsl/codec.js';
import { encodeParams } from '../dsl/params.js';
import { errorCode, ioError, describeIoError, realFileSystem, syncDirectory, writeFileAtomic, writeSynced, type FileSystem } from '../report/write-file.js';
import { CHECKPOINT_NAME, decodeManifest, decodePointer, type CheckpointManifest, type LatestPointer, type RunMeta } from './manifest.js';
import { manifestProblems } from './manifest-checks.js';
import type { TrainState } from './state.js';
import { createFolder } from './preflight.js';
import { sweepTemporaries } from './temporaries.js';

export type { CheckpointManifest, FileEntry, LatestPointer, RunMeta } from './manifest.js';

/** A checkpoint read from disk and verified: the manifest and each file's bytes. */
export interface Checkpoint {
  readonly folder: string;
  readonly manifest: CheckpointManifest;
  readonly data: { readonly weights: ArrayBuffer; readonly ema: ArrayBuffer; readonly optimizer: ArrayBuffer };
}

/** How a checkpoint is saved: the backend that trained it (recorded in the manifest) and the file system (tests inject failures). */
export interface SaveOptions {
  readonly backend?: string;
  readonly fs?: FileSystem;
}

const LATEST = 'latest.json';
const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');
const checkpointsOf = (runDir: string): string => join(runDir, 'checkpoints');
const FILES = ['weights', 'ema', 'optimizer'] as const;

const encodeNamed = async (tensors: tf.NamedTensorMap): Promise<{ specs: tf.io.WeightsManifestEntry[]; data: ArrayBuffer }> =>
  tf.io.encodeWeights(Object.entries(tensors).map(([name, tensor]) => ({ name, tensor })));

/** Reads `path` as text, or a one-line reason naming it (`missing` for ENOENT, else the system's code). */
const readText = (fs: FileSystem, path: string, missing: string): E.Either<string, string> => {
  try {
    return E.right(fs.readFileSync(path, 'utf8'));
  } catch (error) {
    return E.left(errorCode(error) === 'ENOENT' ? missing : `${path}: cannot read (${describeIoError(error)})`);
  }
};

/** The decoded `latest.json` of `runDir` (a Left naming the file when it is missing, unreadable or malformed). */
export const readLatest = (runDir: string, fs: FileSystem = realFileSystem): E.Either<string, LatestPointer> => {
  const pointer = join(checkpointsOf(runDir), LATEST);
  const text = readText(fs, pointer, `${runDir}: no checkpoint (missing ${pointer})`);
  return E.isLeft(text) ? text : decodePointer(pointer, text.right);
};

/**
 * Writes the state as a new checkpoint of `runDir` and points `latest.json`
 * at it; keeps the previous one, removes older ones and the temporaries of
 * killed saves. Throws an Error naming the file on an I/O failure (ENOSPC,
 * EROFS, ...), after removing its own partial folder.
 */
export const saveCheckpoint = async (runDir: string, state: TrainState, meta: RunMeta = {}, options: SaveOptions = {}): Promise<string> => {
  const fs = options.fs ?? realFileSystem;
  const root = checkpointsOf(runDir);
  const created = createFolder(fs, root);
  if (E.isLeft(created)) throw new Error(created.left);
  sweepTemporaries(root, fs);
  const opt = state.optimizer.state();
  const parts = { weights: await encodeParams(state.params), ema: await encodeParams(state.ema), optimizer: await encodeNamed(opt.tensors) };
  const name = `step-${String(state.step).padStart(8, '0')}-${Date.now().toString(36).padStart(8, '0')}${process.pid.toString(36)}`;
  const temporary = join(root, `.tmp-${name}`);
  let manifestText = '';
  try {
    fs.mkdirSync(temporary);
    const files = Object.fromEntries(
      FILES.map((key) => {
        const bytes = new Uint8Array(parts[key].data);
        writeSynced(join(temporary, `${key}.bin`), bytes, fs);
        return [key, { file: `${key}.bin`, bytes: bytes.byteLength, sha256: sha256(bytes), specs: parts[key].specs }];
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
      ...(options.backend === undefined ? {} : { backend: options.backend }),
      files,
    };
    manifestText = JSON.stringify(manifest, null, 1);
    writeSynced(join(temporary, 'manifest.json'), manifestText, fs);
    syncDirectory(temporary, fs);
    fs.renameSync(temporary, join(root, name));
  } catch (error) {
    fs.rmSync(temporary, { recursive: true, force: true });
    throw errorCode(error) === undefined ? error : ioError(temporary, 'write the checkpoint', error);
  }
  syncDirectory(root, fs);
  const previous = readLatest(runDir, fs);
  writeFileAtomic(join(root, LATEST), JSON.stringify({ checkpoint: name, manifestSha256: sha256(manifestText) }), fs);
  syncDirectory(root, fs);
  if (E.isRight(previous)) {
    for (const entry of fs.readdirSync(root)) {
      if (CHECKPOINT_NAME.test(entry) && entry !== name && entry !== previous.right.checkpoint) fs.rmSync(join(root, entry), { recursive: true, force: true });
    }
  }
  return join(root, name);
};

const readEntry = (fs: FileSystem, folder: string, key: (typeof FILES)[number], manifest: CheckpointManifest): E.Either<string, ArrayBuffer> => {
  const entry = manifest.files[key];
  const path = join(folder, entry.file);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path);
  } catch (error) {
    return E.left(errorCode(error) === 'ENOENT' ? `${path}: missing` : `${path}: cannot read (${describeIoError(error)})`);
  }
  if (bytes.byteLength !== entry.bytes) return E.left(`${path}: ${bytes.byteLength} bytes, the manifest says ${entry.bytes} (truncated or corrupt)`);
  if (sha256(bytes) !== entry.sha256) return E.left(`${path}: checksum mismatch (corrupt)`);
  return E.right(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
};

/** The checkpoint folder `name` of `root`, unless it (or a link on the way) resolves outside `root`. */
const insideFolder = (fs: FileSystem, root: string, name: string): E.Either<string, string> => {
  const folder = join(root, name);
  try {
    const real = fs.realpathSync(folder);
    return real === join(fs.realpathSync(root), name) ? E.right(folder) : E.left(`${folder}: resolves to ${real}, outside the run's checkpoints folder`);
  } catch (error) {
    return E.left(errorCode(error) === 'ENOENT' ? `${folder}: missing (named by ${join(root, LATEST)})` : `${folder}: cannot read (${describeIoError(error)})`);
  }
};

/** Reads and verifies the latest checkpoint of `runDir`: a Left is one line naming the file and the problem. */
export const loadCheckpoint = (runDir: string, fs: FileSystem = realFileSystem): E.Either<string, Checkpoint> => {
  try {
    if (!fs.statSync(runDir).isDirectory()) return E.left(`${runDir}: not a folder`);
  } catch (error) {
    return E.left(errorCode(error) === 'ENOENT' ? `${runDir}: no such run folder` : `${runDir}: cannot read the run folder (${describeIoError(error)})`);
  }
  const pointer = readLatest(runDir, fs);
  if (E.isLeft(pointer)) return pointer;
  const folder = insideFolder(fs, checkpointsOf(runDir), pointer.right.checkpoint);
  if (E.isLeft(folder)) return folder;
  const manifestPath = join(folder.right, 'manifest.json');
  const text = readText(fs, manifestPath, `${manifestPath}: missing`);
  if (E.isLeft(text)) return text;
  const manifest = decodeManifest(manifestPath, text.right);
  if (E.isLeft(manifest)) return manifest;
  const spec = decodeSpec(manifest.right.spec);
  if (E.isLeft(spec)) return E.left(`${manifestPath}: corrupt model spec: ${spec.left.slice(0, 3).join('; ')}`);
  const problems = manifestProblems(pointer.right.checkpoint, manifest.right);
  if (problems.length > 0) return E.left(`${manifestPath}: ${problems.slice(0, 3).join('; ')}`);
  const recorded = pointer.right.manifestSha256;
  if (recorded !== undefined && recorded !== sha256(text.right)) return E.left(`${manifestPath}: checksum differs from the one ${LATEST} records (edited or corrupt)`);
  const data: Partial<Record<(typeof FILES)[number], ArrayBuffer>> = {};
  for (const key of FILES) {
    const bytes = readEntry(fs, folder.right, key, manifest.right);
    if (E.isLeft(bytes)) return bytes;
    data[key] = bytes.right;
  }
  return E.right({ folder: folder.right, manifest: { ...manifest.right, spec: spec.right }, data: data as Checkpoint['data'] });
};
