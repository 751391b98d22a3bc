import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { klChartSpec } from '../../src/train/artifacts.js';
import type { ObjectiveConfig } from '../../src/train/config.js';
import { fit } from '../../src/train/fit.js';
import { savedKlFloor } from '../../src/train/kl-floor.js';
import { readRecords } from '../../src/train/log.js';
import { disposeTrainState } from '../../src/train/state.js';
import { mnistDyn, tinySpec } from '../train/fixtures.js';
import { strataWith } from './run-cli.js';

const root = process.env.STRATA_KEEP_PLOTS ?? mkdtempSync(join(tmpdir(), 'strata-plot-compare-'));
afterAll(() => process.env.STRATA_KEEP_PLOTS === undefined && rmSync(root, { recursive: true, force: true }));

const strata = strataWith({ env: {} });

const runs: Record<string, ObjectiveConfig> = {
  elbo: { kind: 'elbo' },
  fb: { kind: 'free-bits', lambda: 0.5, groupBy: 'node', over: 'batch' },
  fbdim: { kind: 'free-bits', lambda: 0.25, groupBy: 'dimension', over: 'batch' },
};
const dir = (name: string): string => join(root, name);

beforeAll(async () => {
  mkdirSync(root, { recursive: true });
  for (const [name, objective] of Object.entries(runs)) {
    const r = await fit(tinySpec, { data: mnistDyn(), out: dir(name), overwrite: true, config: { steps: 6, batchSize: 8, logEvery: 2, evalEvery: 3, objective } });
    if (E.isLeft(r)) throw new Error(r.left);
    disposeTrainState(r.right.state);
  }
});

const pngWidth = (file: string): number => PNG.sync.read(readFileSync(file)).width;

describe('strata plot RUN... (several runs)', () => {
  it('writes kl-A-vs-B-vs-C.png and curves-A-vs-B-vs-C.png into --out, labelled by folder names', async () => {
    const out = join(root, 'compare');

    const r = await strata('plot', dir('elbo'), dir('fb'), dir('fbdim'), '--out', out);

    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['curves-elbo-vs-fb-vs-fbdim.png', 'kl-elbo-vs-fb-vs-fbdim.png']);
    for (const f of readdirSync(out)) expect(pngWidth(join(out, f))).toBeGreaterThan(1000);
    expect(r.out[0]).toMatch(/free-bits floor drawn for fb, fbdim$/);
  });

  it('--labels names the runs and the files', async () => {
    const out = join(root, 'labelled');

    const r = await strata('plot', dir('elbo'), dir('fb'), '--out', out, '--labels', 'LVAE,BIVA');

    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['curves-LVAE-vs-BIVA.png', 'kl-LVAE-vs-BIVA.png']);
  });

  it('without --out: exit 2 with one line naming --out, nothing written', async () => {
    const r = await strata('plot', dir('elbo'), dir('fb'));

    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/--out DIR is required/);
  });

  it('--labels of the wrong count is exit 2 naming --labels', async () => {
    const r = await strata('plot', dir('elbo'), dir('fb'), '--out', join(root, 'x'), '--labels', 'a');

    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/--labels: 1 labels for 2 runs/);
    expect(existsSync(join(root, 'x'))).toBe(false);
  });

  it('a folder without log records is exit 1 with one line naming it, and no chart', async () => {
    const empty = join(root, 'empty');
    mkdirSync(empty, { recursive: true });
    const out = join(root, 'none');

    const r = await strata('plot', dir('elbo'), empty, '--out', out);

    expect(r.code).toBe(1);
    expect(r.err).toEqual([`strata plot: ${join(empty, 'log.jsonl')}: no log records (is ${empty} a run folder?)`]);
    expect(existsSync(out)).toBe(false);
  });

  it('one run keeps curves.png and kl.png in its folder', async () => {
    const r = await strata('plot', dir('fb'));

    expect(r.code).toBe(0);
    for (const f of ['curves.png', 'kl.png']) expect(pngWidth(join(dir('fb'), f))).toBeGreaterThan(1000);
  });
});

describe('the free-bits floor in the KL chart spec', () => {
  it('is lambda per node for groupBy node, lambda x size per node for groupBy dimension, absent for the ELBO', () => {
    const spec = klChartSpec(['elbo', 'fb', 'fbdim'].map((label) => ({ label, records: readRecords(join(dir(label), 'log.jsonl')), floor: savedKlFloor(dir(label)) })), 't');

    const rows = (spec as unknown as { data: { values: { kind: string; run: string; series: string; y: number; x: number; x2: number }[] } }).data.values.filter((v) => v.kind === 'floor');

    expect(savedKlFloor(dir('elbo'))).toBeUndefined();
    expect(rows.map((r) => [r.run, r.series, r.y])).toEqual([
      ['fb', 'free-bits floor 0.5 nats', 0.5],
      ['fbdim', 'free-bits floor of z1 (1 nats)', 1],
      ['fbdim', 'free-bits floor of z2 (0.5 nats)', 0.5],
    ]);
    expect(rows.every((r) => r.x === 2 && r.x2 === 6)).toBe(true);
    expect(JSON.stringify(spec)).toContain('"type":"rule"');
  });
});
