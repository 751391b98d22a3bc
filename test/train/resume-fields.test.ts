import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCheckpoint, saveCheckpoint } from '../../src/train/checkpoint.js';
import { trainConfig } from '../../src/train/config.js';
import { restoreTrainState } from '../../src/train/resume.js';
import { createTrainState, disposeTrainState } from '../../src/train/state.js';
import { tinyModel } from './fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'strata-resume-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('resume restores every counter of the run as saved', () => {
  it('step, batch position, skipped-step count and optimizer update count come back as set by hand', async () => {
    // Consistent as the checkpoint's checks require: 7 steps, all skipped, so no optimizer update and no moments.
    const state = createTrainState(tinyModel(), trainConfig({ steps: 20 }));
    state.step = 7;
    state.position = { epoch: 2, index: 1 };
    state.skipped = 7;
    state.optimizer.restore(0, {});
    await saveCheckpoint(root, state);
    disposeTrainState(state);

    const checkpoint = loadCheckpoint(root);
    if (E.isLeft(checkpoint)) throw new Error(checkpoint.left);
    const restored = restoreTrainState(tinyModel(), checkpoint.right);
    if (E.isLeft(restored)) throw new Error(restored.left);
    const { step, position, skipped } = restored.right;
    const iterations = restored.right.optimizer.iterations();
    disposeTrainState(restored.right);

    expect(checkpoint.right.manifest.skipped).toBe(7);
    expect({ step, position, skipped, iterations }).toEqual({ step: 7, position: { epoch: 2, index: 1 }, skipped: 7, iterations: 0 });
  });
});
