import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reproducePaths } from '../../src/cli/reproduce-command.js';
import { experiments, findExperiment, quickPlan } from '../../src/experiments/table.js';
import { strata } from './run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'strata-reproduce-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every number in a JSON value, with its path. */
const numbers = (value: unknown, path = ''): [string, number][] =>
  typeof value === 'number' ? [[path, value]] : value !== null && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => numbers(v, `${path}.${k}`)) : [];

/** A quick mode takes seconds to a minute; a machine shared with training runs may take several. */
const QUICK_TIMEOUT = 300_000;

/** Runs `strata reproduce NAME --quick` and checks its files and figures. */
const quickCheck = async (name: string): Promise<void> => {
  // Arrange
  const out = join(root, name);
  const plan = quickPlan(findExperiment(name)!);
  // Act
  const r = await strata('reproduce', name, '--quick', '--out', out);
  // Assert
  expect(r.code, r.err.join('\n')).toBe(0);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  expect(results.quick).toBe(true);
  expect(Object.keys(results.runs).sort()).toEqual(plan.runs.map((run) => run.id).sort());
  expect(Object.keys(results.evaluations)).toHaveLength(plan.evaluations.length);
  for (const [path, v] of numbers(results.evaluations)) expect(Number.isFinite(v), path).toBe(true);
  expect(results.comparisons.some((c: { ours: number | null }) => c.ours !== null)).toBe(true);
  for (const c of results.comparisons) expect(c.ours === null || Number.isFinite(c.ours), c.quantity).toBe(true);
  expect(readdirSync(out).filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(2);
  expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain(`strata reproduce ${name} --quick`);
  for (const s of plan.evaluations) if (s.kind === 'sample') expect(readdirSync(out).some((f) => f.startsWith(`${s.run}-samples.`)), `${s.run} samples`).toBe(true);
};

describe('strata reproduce --quick (the pipeline of every experiment at toy scale)', () => {
  it.each(experiments.map((e) => e.name))('%s: trains, evaluates, plots and writes results.json and README.md with finite figures', quickCheck, QUICK_TIMEOUT);

  it('resumes: a second call trains and evaluates nothing again', async () => {
    // Act
    const r = await strata('reproduce', 'mnist', '--quick', '--out', join(root, 'mnist'));
    // Assert
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(r.out.filter((l) => l.startsWith('$ strata train') || l.startsWith('$ strata eval'))).toEqual([]);
    expect(r.out.some((l) => l.includes('finished (step 20 of 20), skipped'))).toBe(true);
    expect(r.out.some((l) => l.includes('eval-K4-n64 at step 20 done before, skipped'))).toBe(true);
  });

  it('resumes in a later session without the run folders: runs archived with the results are neither trained nor evaluated again', async () => {
    // Arrange: the state of a fresh checkout, which has results/ (committed) but no runs/
    const out = join(root, 'mnist');
    const before = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    rmSync(join(out, 'runs'), { recursive: true, force: true });
    // Act
    const r = await strata('reproduce', 'mnist', '--quick', '--out', out);
    // Assert
    expect(r.code, r.err.join('\n')).toBe(0);
    expect(r.out.filter((l) => l.startsWith('$ strata train') || l.startsWith('$ strata eval'))).toEqual([]);
    expect(r.out.some((l) => l.includes('finished and evaluated in an earlier session'))).toBe(true);
    const after = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(after.runs).toEqual(before.runs);
    expect(after.evaluations).toEqual(before.evaluations);
    expect(after.comparisons).toEqual(before.comparisons);
  });

  it('shares an experiment between two processes started together: each run trained by one of them, the last report holds them all', async () => {
    // Arrange: two real processes (a pid each) on one output folder, the second a second later
    const out = join(root, 'shared');
    const plan = quickPlan(findExperiment('semisupervised')!);
    const cli = (delayMs: number): Promise<{ code: number | null; out: string }> => new Promise((resolve) => {
      setTimeout(() => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'reproduce', 'semisupervised', '--quick', '--out', out],
          { cwd: join(import.meta.dirname, '..', '..'), env: { ...process.env, STRATA_BACKEND: 'wasm' } });
        let text = '';
        child.stdout.on('data', (d) => { text += String(d); });
        child.stderr.on('data', (d) => { text += String(d); });
        child.on('close', (code) => resolve({ code, out: text }));
      }, delayMs);
    });
    // Act
    const [a, b] = await Promise.all([cli(0), cli(1000)]);
    // Assert
    expect(a.code, a.out).toBe(0);
    expect(b.code, b.out).toBe(0);
    const trained = `${a.out}\n${b.out}`.split('\n').filter((l) => l.startsWith('$ strata train'));
    expect(trained.map((l) => l.replace(/.*--out (\S+).*/, '$1')).sort()).toEqual(plan.runs.map((r) => join(out, 'runs', r.id)).sort());
    expect(`${a.out}${b.out}`).toContain('left to the other process');
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(Object.keys(results.runs).sort()).toEqual(plan.runs.map((run) => run.id).sort());
  }, 2 * QUICK_TIMEOUT);

  it('refuses quick output inside results/, an unknown experiment and a missing name with exit code 2', async () => {
    // Act
    const inside = await strata('reproduce', 'mnist', '--quick', '--out', 'results/mnist');
    const unknown = await strata('reproduce', 'cifar');
    const none = await strata('reproduce');
    // Assert
    expect([inside.code, unknown.code, none.code]).toEqual([2, 2, 2]);
    expect(inside.err.join('\n')).toContain('never go inside results/');
    expect(unknown.err.join('\n')).toContain('known: ablation, mnist, anomaly, semisupervised, text');
    expect(existsSync(join('results', 'mnist', 'results.json')) && JSON.parse(readFileSync(join('results', 'mnist', 'results.json'), 'utf8')).quick).not.toBe(true);
  });

  it('keeps runs in runs/reproduce/NAME and results in results/NAME; quick mode puts both under its --out', () => {
    // Act / Assert
    expect(reproducePaths('mnist', false, undefined)).toEqual({ runs: 'runs/reproduce/mnist', results: 'results/mnist' });
    expect(reproducePaths('mnist', true, undefined)).toEqual({ runs: 'runs/reproduce-quick/mnist/runs', results: 'runs/reproduce-quick/mnist' });
    expect(reproducePaths('mnist', true, '/tmp/q')).toEqual({ runs: '/tmp/q/runs', results: '/tmp/q' });
  });
});
