import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph, layerBreaches, sourceImportGraph } from './import-graph.js';

const root = join(import.meta.dirname, '..', '..');

/**
 * The one cycle through type-only imports left: src/train's config types
 * and the option and objective tables that read them (closed by the M2
 * merge, after this test was written; outside src/ops's redesign, which
 * removed the others). The list may only shrink: a new cycle fails the test.
 */
const knownTypeCycles = [
  ['src/train/config.ts', 'src/train/objective-table.ts', 'src/train/options.ts'],
].map((c) => c.join(' '));

describe('the import graph of src', () => {
  it('has no cycle at run time', async () => {
    // Arrange
    const graph = await importGraph(root);

    // Act
    const cycles = importCycles(graph);

    // Assert
    expect(graph.size).toBeGreaterThan(100);
    expect(cycles).toEqual([]);
  });

  it('has no cycle through type imports beyond the known one, which may only go away', () => {
    // Act
    const cycles = importCycles(sourceImportGraph(root)).map((c) => c.join(' '));

    // Assert: none through src/ops, src/backend or src/inference.
    expect(cycles.filter((c) => !knownTypeCycles.includes(c))).toEqual([]);
    expect(cycles.filter((c) => /src\/(ops|backend|inference|dsl)\//.test(c))).toEqual([]);
  });

  it('keeps the core (dsl, inference, models, laws, random, ops) from importing the layers above it', async () => {
    const graph = await importGraph(root);

    expect(layerBreaches(graph)).toEqual([]);
  });

  it('finds a cycle and a layer breach where there is one', () => {
    const graph = new Map([
      ['src/dsl/a.ts', ['src/dsl/b.ts']],
      ['src/dsl/b.ts', ['src/dsl/a.ts', 'src/train/fit.ts']],
      ['src/train/fit.ts', ['src/dsl/a.ts']],
    ]);

    expect(importCycles(graph)).toEqual([['src/dsl/a.ts', 'src/dsl/b.ts', 'src/train/fit.ts']]);
    expect(layerBreaches(graph)).toEqual(['src/dsl/b.ts -> src/train/fit.ts']);
  });
});
