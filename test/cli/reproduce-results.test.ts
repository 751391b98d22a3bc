import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { machine, writeGathered } from '../../src/cli/reproduce-results.js';

const root = mkdtempSync(join(tmpdir(), 'strata-reproduce-results-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const results = (quick: boolean, error: number): string =>
  JSON.stringify({ quick, runs: {}, evaluations: { 'biva-m2-small-s1/classify': { command: 'strata classify x', step: 1, result: { error } } } });

describe('the results folder', () => {
  it('gathers the experiments that have results, leaves quick ones out and says how to run the others', () => {
    // Arrange
    mkdirSync(join(root, 'semisupervised'), { recursive: true });
    mkdirSync(join(root, 'mnist'), { recursive: true });
    writeFileSync(join(root, 'semisupervised', 'results.json'), results(false, 0.031));
    writeFileSync(join(root, 'mnist', 'results.json'), results(true, 0.5));
    // Act
    writeGathered(root);
    // Assert
    const text = readFileSync(join(root, 'README.md'), 'utf8');
    expect(text).toContain('| test error, best seed | - | - | 3.10 % | - | - |');
    expect(text).toContain('Not run yet: `strata reproduce mnist`');
    expect(text).toContain('Not run yet: `strata reproduce ablation`');
  });

  it('names the machine by its CPUs and memory', () => {
    // Act / Assert
    expect(machine()).toMatch(/^\d+ x .+, \d+\.\d GiB, Node v\d+/);
  });
});
