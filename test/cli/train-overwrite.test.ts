/** `strata train` into a run folder that already holds a run: refused unless --resume or --overwrite. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { strata } from './run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'strata-overwrite-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('strata train --out with an existing run', () => {
  it('refuses with one line and exit 2, then --overwrite starts afresh with a log of its own', async () => {
    // Arrange
    const out = join(root, 'run');
    const tiny = ['--model', 'vae', '--preset', 'tiny', '--batch', '8', '--log-every', '2', '--out', out];
    expect((await strata('train', ...tiny, '--steps', '4')).code).toBe(0);
    // Act
    const refused = await strata('train', ...tiny, '--steps', '2');
    const replaced = await strata('train', ...tiny, '--steps', '2', '--overwrite');
    // Assert
    expect(refused.code).toBe(2);
    const errors = refused.err.filter((l) => !l.startsWith('backend:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/already holds a run .*--resume.*--overwrite/);
    expect(replaced.code).toBe(0);
    const steps = readFileSync(join(out, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).step);
    expect(steps).toEqual([2]);
  });
});
