import { describe, expect, it } from 'vitest';
import type { CheckpointManifest } from '../../src/train/manifest.js';
import { manifestProblems } from '../../src/train/manifest-checks.js';

const entry = (file: string, specs: Array<[string, number[]]>): CheckpointManifest['files']['weights'] => ({
  file,
  bytes: specs.reduce((a, [, shape]) => a + 4 * shape.reduce((x, y) => x * y, 1), 0),
  sha256: '0'.repeat(64),
  specs: specs.map(([name, shape]) => ({ name, shape, dtype: 'float32' as const })),
});
const weights: Array<[string, number[]]> = [['p:w', [2, 3]], ['p:b', [3]]];
/** A consistent manifest of step 5 (one skipped step, four optimizer iterations, batches of two-batch epochs), with `changes`. */
const manifest = (changes: Partial<CheckpointManifest> = {}): CheckpointManifest =>
  ({
    step: 5,
    skipped: 1,
    optimizerIterations: 4,
    position: { epoch: 2, index: 1 },
    files: {
      weights: entry('weights.bin', weights),
      ema: entry('ema.bin', weights),
      optimizer: entry('optimizer.bin', [['m/p:w', [2, 3]], ['v/p:w', [2, 3]], ['m/p:b', [3]], ['v/p:b', [3]]]),
    },
    ...changes,
  }) as CheckpointManifest;

describe('manifestProblems', () => {
  it('finds nothing wrong with a consistent manifest', () => {
    expect(manifestProblems('step-00000005-mx3wossu1', manifest())).toEqual([]);
  });

  it('refuses counters that no run can reach', () => {
    const problems = manifestProblems('step-00000005-a', manifest({ optimizerIterations: 5, position: { epoch: 0, index: 3 } }));

    expect(problems).toEqual([
      'optimizerIterations: 5, but 5 steps with 1 skipped make 4 optimizer iterations',
      'position: epoch 0, batch 3 cannot follow 5 steps',
    ]);
  });

  it('refuses moments of unknown weights, of the wrong shape, or without their partner', () => {
    const optimizer = entry('optimizer.bin', [['m/p:w', [3, 2]], ['v/p:w', [2, 3]], ['m/p:b', [3]], ['m/p:zz', [1]], ['v/p:zz', [1]]]);

    const problems = manifestProblems('step-00000005-a', manifest({ files: { ...manifest().files, optimizer } }));

    expect(problems).toEqual([
      "files.optimizer.specs: 'm/p:w' has shape [3, 2], its weight [2, 3]",
      "files.optimizer.specs: 'm/p:b' has no partner moment",
      "files.optimizer.specs: 'm/p:zz' is not a moment m/<weight> or v/<weight> of a saved weight",
      "files.optimizer.specs: 'v/p:zz' is not a moment m/<weight> or v/<weight> of a saved weight",
    ]);
  });

  it('refuses byte counts that disagree with the tensor list and EMA weights that do not mirror the weights', () => {
    const ema = { ...entry('ema.bin', [['p:w', [2, 3]]]), bytes: 7 };

    const problems = manifestProblems('step-00000005-a', manifest({ files: { ...manifest().files, ema } }));

    expect(problems).toEqual(["files.ema: 7 bytes, but its tensor list describes 24", "files.ema.specs: no EMA copy of weight 'p:b'"]);
  });
});
