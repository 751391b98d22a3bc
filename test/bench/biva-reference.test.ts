import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { referenceReady } from '../../bench/biva-reference.js';

describe('referenceReady', () => {
  const saved = process.env.STRATA_TORCH_PYTHON;
  afterEach(() => {
    if (saved === undefined) delete process.env.STRATA_TORCH_PYTHON;
    else process.env.STRATA_TORCH_PYTHON = saved;
  });

  it('gives the reason to skip when the reference checkout is absent', () => {
    // Arrange
    const checkout = '/nonexistent/biva-pytorch';
    // Act
    const ready = referenceReady(checkout);
    // Assert
    expect(E.isLeft(ready)).toBe(true);
    if (E.isLeft(ready)) expect(ready.left).toContain(`no biva-pytorch checkout at ${checkout}`);
  });

  it('gives the reason to skip when the checkout is there but no Python imports torch', () => {
    // Arrange
    const checkout = mkdtempSync(join(tmpdir(), 'biva-pytorch-'));
    mkdirSync(join(checkout, 'biva', 'model'), { recursive: true });
    writeFileSync(join(checkout, 'biva', 'model', '__init__.py'), '');
    process.env.STRATA_TORCH_PYTHON = join(checkout, 'no-such-python');
    // Act
    const ready = referenceReady(checkout);
    // Assert
    expect(E.isLeft(ready)).toBe(true);
    if (E.isLeft(ready)) expect(ready.left).toContain('no Python with torch');
    rmSync(checkout, { recursive: true, force: true });
  });
});
