/**
 * The committed results/ are what `strata reproduce NAME` writes from them
 * today: for every experiment with results (its archive and results.json),
 * README.md and results.json equal the report of the experiment as defined
 * in src/experiments (budget, labels, targets, remedies), the plot list
 * names exactly the files in the folder, and results/README.md gathers
 * them. A change to an experiment's text or a plot removed by hand without
 * rerunning `strata reproduce` fails here.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pngs, resultsJson, writeGathered } from '../../src/cli/reproduce-results.js';
import type { Figures } from '../../src/experiments/figures.js';
import { experimentReadme, type RunContext } from '../../src/experiments/report.js';
import { experiments } from '../../src/experiments/table.js';

const root = 'results';
const committed = experiments.filter((e) => existsSync(join(root, e.name, 'results.json')));
const scratch = mkdtempSync(join(tmpdir(), 'strata-committed-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The figures, context and plot list a results.json was written from. */
const saved = (name: string): { figures: Figures; ctx: RunContext; plots: string[] } => {
  const j = JSON.parse(readFileSync(join(root, name, 'results.json'), 'utf8')) as Figures & RunContext & { plots: string[] };
  const ctx: RunContext = { command: j.command, backend: j.backend, machine: j.machine, quick: j.quick, time: j.time, runsRoot: j.runsRoot };
  return { figures: { runs: j.runs, evaluations: j.evaluations }, ctx, plots: j.plots };
};

describe('the committed results', () => {
  it('has results for at least one experiment', () => {
    expect(committed.length).toBeGreaterThan(0);
  });

  it.each(committed.map((e) => [e.name, e] as const))('%s: README.md and results.json are what strata reproduce writes, the plot list is the folder', (name, e) => {
    // Arrange
    const { figures, ctx, plots } = saved(name);
    // Act
    const files = pngs(join(root, name));
    // Assert
    expect(plots).toEqual(files);
    expect(readFileSync(join(root, name, 'README.md'), 'utf8')).toBe(experimentReadme(e, figures, ctx, files));
    expect(readFileSync(join(root, name, 'results.json'), 'utf8')).toBe(resultsJson(e, figures, ctx, files));
  });

  it('results/README.md gathers them', () => {
    // Arrange
    for (const e of committed) {
      mkdirSync(join(scratch, e.name), { recursive: true });
      copyFileSync(join(root, e.name, 'results.json'), join(scratch, e.name, 'results.json'));
    }
    // Act
    writeGathered(scratch);
    // Assert
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toBe(readFileSync(join(scratch, 'README.md'), 'utf8'));
  });
});
