import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveCheckpoint } from '../../src/train/checkpoint.js';
import { trainConfig } from '../../src/train/config.js';
import { decodeManifest, decodePointer } from '../../src/train/manifest.js';
import { manifestProblems } from '../../src/train/manifest-checks.js';
import { createTrainState, disposeTrainState } from '../../src/train/state.js';
import { tinyModel } from './fixtures.js';

const FILE = 'runs/a/checkpoints/step-00000000-x/manifest.json';
let dir = '';
let valid: Record<string, unknown> = {};
let folderName = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'strata-manifest-'));
  const state = createTrainState(tinyModel(), trainConfig({ steps: 3, batchSize: 4 }));
  const folder = await saveCheckpoint(dir, state);
  disposeTrainState(state);
  folderName = folder.split('/').pop()!;
  valid = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('decodeManifest', () => {
  it('accepts a saved manifest, which passes every cross-check', () => {
    const decoded = decodeManifest(FILE, JSON.stringify(valid));

    expect(E.isRight(decoded) && manifestProblems(folderName, decoded.right)).toEqual([]);
  });

  it('accepts a recorded backend and names the path of a wrong nested field', () => {
    const withBackend = { ...valid, backend: 'wasm', config: { ...(valid.config as object), backend: 'wasm' } };
    const wrong = { ...valid, position: { epoch: -1, index: 0 } };

    expect(E.isRight(decodeManifest(FILE, JSON.stringify(withBackend)))).toBe(true);
    expect(decodeManifest(FILE, JSON.stringify(wrong))).toEqual(E.left(`${FILE}: position.epoch: expected a non-negative integer, got -1`));
  });

  it('reads a run saved before learning-rate warm-up existed (no optimizer.warmup) as warm-up 0', () => {
    const config = valid.config as { optimizer: Record<string, unknown> };
    const { warmup: _, ...older } = config.optimizer;

    const decoded = decodeManifest(FILE, JSON.stringify({ ...valid, config: { ...config, optimizer: older } }));

    expect(E.isRight(decoded) && decoded.right.config.optimizer.warmup).toBe(0);
  });

  it('law: any JSON in any field gives a Right or one bounded line naming the file, never a throw', () => {
    const fields = Object.keys(valid);
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.jsonValue(), (field, value) => {
        const result = decodeManifest(FILE, JSON.stringify({ ...valid, [field]: value }));
        if (E.isLeft(result)) {
          expect(result.left.startsWith(`${FILE}: `)).toBe(true);
          expect(result.left).not.toMatch(/\n/);
          expect(result.left.length).toBeLessThan(2000);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('decodePointer', () => {
  it('accepts only a plain checkpoint folder name: no parent, absolute or nested path', () => {
    const names = ['step-00000020-mx3wossu1', '../../other-run/checkpoints/step-00000020-a', '/tmp/step-00000020-a', 'step-00000020-a/../../x', 'step-1-a\u0000'];

    const accepted = names.map((checkpoint) => E.isRight(decodePointer('latest.json', JSON.stringify({ checkpoint }))));

    expect(accepted).toEqual([true, false, false, false, false]);
  });
});
