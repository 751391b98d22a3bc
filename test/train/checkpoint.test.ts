import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileSystem } from '../../src/report/write-file.js';
import { loadCheckpoint, saveCheckpoint } from '../../src/train/checkpoint.js';
import { preflightRunFolder } from '../../src/train/preflight.js';
import { trainConfig } from '../../src/train/config.js';
import { train } from '../../src/train/loop.js';
import { restoreTrainState } from '../../src/train/resume.js';
import { createTrainState, disposeTrainState, type TrainState } from '../../src/train/state.js';
import { mnistBatcher, tinyModel } from './fixtures.js';

const folders: string[] = [];
const states: TrainState[] = [];
const runDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'strata-ckpt-'));
  folders.push(d);
  return d;
};
const keep = (s: TrainState): TrainState => {
  states.push(s);
  return s;
};
afterEach(() => {
  states.splice(0).forEach(disposeTrainState);
  folders.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const config = trainConfig({ steps: 10, batchSize: 8, logEvery: 5, emaDecay: 0.9, objective: { kind: 'free-bits', lambda: 0.25, groupBy: 'node', over: 'batch' } });
const losses = async (state: TrainState, until: number): Promise<number[]> => {
  const out: number[] = [];
  await train(state, mnistBatcher(8), { until, onStep: (s) => void out.push(s.loss) });
  return out;
};

describe('checkpoints', () => {
  it('resume continues exactly: steps 6..10 after a reload equal the uninterrupted run', async () => {
    const model = tinyModel();
    const whole = await losses(keep(createTrainState(model, config)), 10);
    const dir = runDir();
    const first = keep(createTrainState(model, config));
    await losses(first, 5);
    await saveCheckpoint(dir, first, { model: 'tiny' });

    const loaded = loadCheckpoint(dir);
    if (E.isLeft(loaded)) throw new Error(loaded.left);
    const restored = restoreTrainState(model, loaded.right);
    if (E.isLeft(restored)) throw new Error(restored.left);
    const rest = await losses(keep(restored.right), 10);

    expect(restored.right.step).toBe(10);
    expect(rest).toEqual(whole.slice(5));
    expect(loaded.right.manifest.meta).toEqual({ model: 'tiny' });
  });

  it('a checkpoint interrupted mid-write leaves the previous one loadable', async () => {
    const dir = runDir();
    const state = keep(createTrainState(tinyModel(), config));
    await losses(state, 2);
    await saveCheckpoint(dir, state);
    const root = join(dir, 'checkpoints');
    mkdirSync(join(root, '.tmp-step-00000003-killed'));
    writeFileSync(join(root, '.tmp-step-00000003-killed', 'weights.bin'), new Uint8Array(10));
    writeFileSync(join(root, `.latest.json.tmp-12345`), '{"checkpo');

    const loaded = loadCheckpoint(dir);

    expect(E.isRight(loaded) && loaded.right.manifest.step).toBe(2);
  });

  it('the next save removes the temporary folder a killed save left behind', async () => {
    const dir = runDir();
    const state = keep(createTrainState(tinyModel(), config));
    await saveCheckpoint(dir, state);
    const root = join(dir, 'checkpoints');
    mkdirSync(join(root, '.tmp-step-00000003-killed'));

    await losses(state, 1);
    await saveCheckpoint(dir, state);

    expect(existsSync(join(root, '.tmp-step-00000003-killed'))).toBe(false);
    expect(E.isRight(loadCheckpoint(dir))).toBe(true);
  });

  it('a process killed while saving checkpoints in a loop leaves a loadable one', async () => {
    const dir = runDir();
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'save-loop.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let saved = 0;
    await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => {
      saved += chunk.toString().split('\n').filter((l) => l === 'saved').length;
      if (saved >= 3) resolve();
    }));
    await new Promise((r) => setTimeout(r, 7));

    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const loaded = loadCheckpoint(dir);
    const swept = preflightRunFolder(dir, 'resume');

    expect(E.isRight(loaded) && loaded.right.manifest.step).toBeGreaterThanOrEqual(3);
    expect(E.isRight(swept)).toBe(true);
    expect(readdirSync(join(dir, 'checkpoints')).filter((e) => e.startsWith('.'))).toEqual([]);
  });

  it('keeps only the latest two complete checkpoints', async () => {
    const dir = runDir();
    const state = keep(createTrainState(tinyModel(), config));
    for (let i = 0; i < 3; i++) await saveCheckpoint(dir, state);

    const entries = readdirSync(join(dir, 'checkpoints')).filter((e) => e.startsWith('step-'));

    expect(entries.length).toBe(2);
  });

  it('names the missing run folder, the missing checkpoint and a corrupt file', async () => {
    const dir = runDir();
    const state = keep(createTrainState(tinyModel(), config));
    expect(loadCheckpoint(join(dir, 'nope'))).toEqual(E.left(`${join(dir, 'nope')}: no such run folder`));
    const none = loadCheckpoint(dir);
    expect(E.isLeft(none) && none.left).toMatch(/: no checkpoint \(missing .*latest.json\)$/);
    const folder = await saveCheckpoint(dir, state);
    const weights = join(folder, 'weights.bin');
    const bytes = readFileSync(weights);
    bytes[0] ^= 0xff;
    writeFileSync(weights, bytes);

    const loaded = loadCheckpoint(dir);

    expect(E.isLeft(loaded) && loaded.left).toBe(`${weights}: checksum mismatch (corrupt)`);
  });

  it('names a manifest whose model spec does not decode', async () => {
    const dir = runDir();
    const folder = await saveCheckpoint(dir, keep(createTrainState(tinyModel(), config)));
    const path = join(folder, 'manifest.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    manifest.spec.nodes[0].dist.shape = [-3];
    writeFileSync(path, JSON.stringify(manifest));

    const loaded = loadCheckpoint(dir);

    expect(E.isLeft(loaded) && loaded.left).toMatch(/manifest.json: corrupt model spec: nodes.0.dist.shape.0/);
  });

  it('refuses a checkpoint whose weights do not fit the model', async () => {
    const dir = runDir();
    await saveCheckpoint(dir, keep(createTrainState(tinyModel(), config)));
    const loaded = loadCheckpoint(dir);
    if (E.isLeft(loaded)) throw new Error(loaded.left);
    const other = { ...loaded.right, manifest: { ...loaded.right.manifest, files: { ...loaded.right.manifest.files, weights: { ...loaded.right.manifest.files.weights, specs: loaded.right.manifest.files.weights.specs.slice(1) } } } };

    const restored = restoreTrainState(tinyModel(), other);

    expect(E.isLeft(restored) && restored.left).toMatch(/weights do not fit the model: missing weight/);
  });

  it('refuses a manifest whose step was edited (20 to 7) instead of resuming from step 7', async () => {
    const dir = runDir();
    const state = keep(createTrainState(tinyModel(), config));
    Object.assign(state, { step: 20, skipped: 20, position: { epoch: 0, index: 20 } });
    const folder = await saveCheckpoint(dir, state);

    const message = editManifest(folder, (m) => void (m.step = 7), dir);

    expect(message).toContain(`${join(folder, 'manifest.json')}: step: 7, but the folder name '${folder.split('/').pop()}' says step 20`);
  });

  it('refuses an optimizer with no moments after training steps (they would silently reset)', async () => {
    const dir = runDir();
    const state = keep(createTrainState(tinyModel(), config));
    await losses(state, 2);
    const folder = await saveCheckpoint(dir, state);

    const message = editManifest(folder, (m) => void (m.files.optimizer.specs = []), dir);

    expect(message).toContain('files.optimizer.specs: no optimizer moments after 2 optimizer iterations');
  });

  it('names the JSON path and the file of a manifest field that does not decode (config: null)', async () => {
    const dir = runDir();
    const folder = await saveCheckpoint(dir, keep(createTrainState(tinyModel(), config)));

    const message = editManifest(folder, (m) => void (m.config = null), dir);

    expect(message).toBe(`${join(folder, 'manifest.json')}: config: expected a training configuration, got null`);
  });

  it('refuses a manifest edited in any other way (its SHA-256 is in latest.json)', async () => {
    const dir = runDir();
    const folder = await saveCheckpoint(dir, keep(createTrainState(tinyModel(), config)));

    const message = editManifest(folder, (m) => void (m.config.seed = 2), dir);

    expect(message).toBe(`${join(folder, 'manifest.json')}: checksum differs from the one latest.json records (edited or corrupt)`);
  });

  it('refuses a latest.json that points outside the run, and a later save keeps the run\'s own checkpoint', async () => {
    const base = runDir();
    const [mine, other] = [join(base, 'mine'), join(base, 'other-run')];
    const state = keep(createTrainState(tinyModel(), config));
    const own = await saveCheckpoint(mine, state);
    const foreign = await saveCheckpoint(other, state);
    const pointer = join(mine, 'checkpoints', 'latest.json');
    writeFileSync(pointer, JSON.stringify({ checkpoint: `../../other-run/checkpoints/${foreign.split('/').pop()}` }));

    const loaded = loadCheckpoint(mine);
    await saveCheckpoint(mine, state);

    expect(E.isLeft(loaded) && loaded.left).toBe(`${pointer}: checkpoint: expected a checkpoint folder name step-<digits>-<stamp>, got "../../other-run/checkpoints/${foreign.split('/').pop()}"`);
    expect(existsSync(own)).toBe(true);
  });

  it('refuses a checkpoint folder that is a link to another run', async () => {
    const base = runDir();
    const state = keep(createTrainState(tinyModel(), config));
    const own = await saveCheckpoint(join(base, 'mine'), state);
    const foreign = await saveCheckpoint(join(base, 'other'), state);
    rmSync(own, { recursive: true });
    symlinkSync(foreign, own);

    const loaded = loadCheckpoint(join(base, 'mine'));

    expect(E.isLeft(loaded) && loaded.left).toBe(`${own}: resolves to ${foreign}, outside the run's checkpoints folder`);
  });

  it('reports an unreadable latest.json with its cause, not as a missing checkpoint', async () => {
    const dir = runDir();
    await saveCheckpoint(dir, keep(createTrainState(tinyModel(), config)));
    const pointer = join(dir, 'checkpoints', 'latest.json');
    const denied = { ...fs, readFileSync: ((p: string, o?: unknown) => {
      if (p === pointer) throw Object.assign(new Error(`EACCES: permission denied, open '${p}'`), { code: 'EACCES' });
      return fs.readFileSync(p, o as BufferEncoding);
    }) as FileSystem['readFileSync'] } as FileSystem;

    expect(loadCheckpoint(dir, denied)).toEqual(E.left(`${pointer}: cannot read (EACCES: permission denied)`));
  });

  it('on a full disk names the file, leaves no partial folder and keeps the previous checkpoint', async () => {
    const dir = runDir();
    const state = keep(createTrainState(tinyModel(), config));
    await saveCheckpoint(dir, state);
    const full = { ...fs, writeSync: () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    } } as unknown as FileSystem;
    await losses(state, 1);

    const failure = await saveCheckpoint(dir, state, {}, { fs: full }).then(() => 'saved', (e: Error) => e.message);

    expect(failure).toMatch(/\/checkpoints\/\.tmp-step-00000001-[0-9a-z]+\/weights\.bin: cannot write \(ENOSPC: no space left on device\)$/);
    expect(readdirSync(join(dir, 'checkpoints')).filter((e) => e.startsWith('.'))).toEqual([]);
    expect(E.isRight(loadCheckpoint(dir)) && loadCheckpoint(dir)).toMatchObject({ right: { manifest: { step: 0 } } });
  });
});

describe('checkpoints on a read-only file system', () => {
  it('name the folder that cannot be created and the real code (not ENOENT from a recursive mkdir)', async () => {
    const dir = join(runDir(), 'fresh');
    const readOnly = { ...fs, mkdirSync: () => {
      throw Object.assign(new Error('EROFS: read-only file system, mkdir'), { code: 'EROFS' });
    } } as unknown as FileSystem;

    const failure = await saveCheckpoint(dir, keep(createTrainState(tinyModel(), config)), {}, { fs: readOnly }).then(() => 'saved', (e: Error) => e.message);

    expect(failure).toBe(`${dir}: cannot create the run folder (EROFS: read-only file system)`);
  });
});

/** Applies `edit` to the manifest of `folder` and returns the Left of loading `dir` (or 'loaded'). */
const editManifest = (folder: string, edit: (manifest: any) => void, dir: string): string => {
  const path = join(folder, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  edit(manifest);
  writeFileSync(path, JSON.stringify(manifest, null, 1));
  const loaded = loadCheckpoint(dir);
  return E.isLeft(loaded) ? loaded.left : 'loaded';
};
