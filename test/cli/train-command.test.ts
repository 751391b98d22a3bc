import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { executeRun } from '../../src/train/run.js';
import { strata } from './run-cli.js';

vi.mock('../../src/train/run.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/train/run.js')>();
  return { ...real, executeRun: vi.fn(real.executeRun) };
});

const root = mkdtempSync(join(tmpdir(), 'strata-train-command-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('strata train', () => {
  it('an allocation failure (a batch too large for the wasm heap) is one line naming --batch, exit 1, and no checkpoint', async () => {
    // Arrange
    const out = join(root, 'oom');
    vi.mocked(executeRun).mockRejectedValueOnce(new Error('memory access out of bounds\n    at wasm-function[7]'));
    // Act
    const r = await strata('train', '--model', 'vae', '--preset', 'tiny', '--steps', '2', '--batch', '16', '--out', out);
    // Assert
    expect(r.code).toBe(1);
    expect(r.err.filter((l) => !l.startsWith('backend:'))).toEqual([`strata train: ${out}: out of memory training batches of 16 examples (memory access out of bounds); lower --batch (now 16)`]);
    expect(existsSync(join(out, 'checkpoints')) && readdirSync(join(out, 'checkpoints')).length > 0).toBe(false);
  });

  it('other failures keep their own message', async () => {
    // Arrange
    vi.mocked(executeRun).mockRejectedValueOnce(new Error('a bug'));
    // Act
    const r = await strata('train', '--model', 'vae', '--preset', 'tiny', '--steps', '2', '--batch', '16', '--out', join(root, 'bug'));
    // Assert
    expect(r.code).not.toBe(0);
    expect(r.err.join('\n')).toContain('a bug');
    expect(r.err.join('\n')).not.toContain('out of memory');
  });
});
