import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSpec } from '../../src/dsl/codec.js';
import { tinySpec } from '../train/fixtures.js';

import { strata } from './run-cli.js';

const png = (path: string): PNG => PNG.sync.read(readFileSync(path));

let root = '';
let run = '';
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'strata-cli-'));
  run = join(root, 'run');
  const trained = await strata('train', '--model', 'vae', '--preset', 'tiny', '--steps', '30', '--batch', '16', '--log-every', '10', '--out', run);
  if (trained.code !== 0) throw new Error(trained.err.join('\n'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('strata commands on real data', () => {
  it('train writes a log record per interval and a checkpoint', () => {
    const lines = readFileSync(join(run, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

    expect(lines.map((r) => r.step)).toEqual([10, 20, 30]);
    expect(lines[2].backend).toBe('wasm');
    expect(lines[2].imagesPerSec).toBeGreaterThan(0);
    expect(Object.keys(lines[2].kl).length).toBeGreaterThan(0);
    expect(existsSync(join(run, 'checkpoints', 'latest.json'))).toBe(true);
  });

  it('train --resume continues to the new step count', async () => {
    const resumed = join(root, 'resumed');
    cpSync(run, resumed, { recursive: true });

    const r = await strata('train', '--resume', '--out', resumed, '--steps', '40', '--log-every', '10');

    expect(r.code).toBe(0);
    const steps = readFileSync(join(resumed, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).step);
    expect(steps).toEqual([10, 20, 30, 40]);
  });

  it('train --resume --free-bits 0 fine-tunes with the new objective', async () => {
    const tuned = join(root, 'tuned');
    cpSync(run, tuned, { recursive: true });

    const r = await strata('train', '--resume', '--out', tuned, '--steps', '32', '--free-bits', '0');

    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/free-bits\(lambda=0, node, batch\).*steps 30\.\.32/);
  });

  it('trains the semi-supervised biva-m2 with the m2 objective on 100 labels', async () => {
    const r = await strata('train', '--model', 'biva-m2', '--objective', 'm2', '--labelled', '100', '--steps', '3', '--batch', '8', '--out', join(root, 'm2'));

    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/m2\(alpha=50, 100 labelled, 2 per batch\)/);
    expect(r.out[1]).toMatch(/trained 3 steps .* 0 skipped; -elbo \d+/);
  });

  it('eval prints L_1 and L_K with per-node KL and active units, and writes eval.json', async () => {
    const r = await strata('eval', run, '--k', '8', '--chunk', '4', '--limit', '40', '--batch', '20');

    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(run, 'eval.json'), 'utf8'));
    expect(report.examples).toBe(40);
    expect(report.lk).toBeGreaterThanOrEqual(report.l1 - 5);
    expect(report.l1).toBeLessThan(0);
    expect(Object.keys(report.activeUnits)).toEqual(Object.keys(report.kl));
    expect(Object.keys(report.klPerLayer)).toEqual(['1', '2']);
    expect(r.out.some((l) => l.startsWith('L_8'))).toBe(true);
  });

  it('sample writes grids of prior samples and of reconstructions', async () => {
    const r = await strata('sample', run, '--n', '16');

    expect(r.code).toBe(0);
    expect(png(join(run, 'samples.png')).width).toBe(4 * 29 + 1);
    expect(png(join(run, 'reconstructions.png')).height).toBeGreaterThan(28);
  });

  it('plot writes the training curves and the KL per node', async () => {
    const r = await strata('plot', run);

    expect(r.code).toBe(0);
    expect(png(join(run, 'curves.png')).width).toBeGreaterThan(100);
    expect(png(join(run, 'kl.png')).width).toBeGreaterThan(100);
  });

  it('describe, models and datasets list what is available', async () => {
    const d = await strata('describe', '--model', 'biva', '--preset', 'tiny');
    const m = await strata('models');
    const s = await strata('datasets');

    expect(d.code).toBe(0);
    expect(d.out[0]).toMatch(/^model biva: \d+ latent nodes in 2 layers, \d+ parameters$/);
    expect(m.out.some((l) => l.startsWith('biva '))).toBe(true);
    expect(s.out.some((l) => l.startsWith('mnist-dyn '))).toBe(true);
  });

  it('trains a JSON spec (--spec) and a user module (--model ./file.mjs)', async () => {
    const json = join(root, 'tiny.json');
    writeFileSync(json, JSON.stringify(encodeSpec(tinySpec)));
    const mod = join(root, 'tiny.mjs');
    writeFileSync(mod, `export const spec = ${JSON.stringify(encodeSpec(tinySpec))};\n`);

    const a = await strata('train', '--spec', json, '--steps', '2', '--batch', '8', '--out', join(root, 'json'));
    const b = await strata('train', '--model', mod, '--steps', '2', '--batch', '8', '--out', join(root, 'module'));

    expect([a.code, b.code]).toEqual([0, 0]);
    expect(readdirSync(join(root, 'module', 'checkpoints')).some((e) => e.startsWith('step-00000002'))).toBe(true);
  });
});

describe('strata errors: one clear line and a non-zero exit code', () => {
  const cases: [string, string[], number, RegExp][] = [
    ['an unknown flag', ['train', '--stpes', '3'], 2, /unknown flag --stpes/],
    ['a bad number', ['train', '--steps', 'ten'], 2, /--steps: expected a number, got 'ten'/],
    ['a zero batch size', ['train', '--batch', '0'], 2, /--batch: expected an integer >= 1 and <= 65536, got '0'/],
    ['a zero log interval', ['train', '--log-every', '0'], 2, /--log-every: expected an integer >= 1, got '0'/],
    ['zero importance samples', ['score', 'runs/x', '--k', '0'], 2, /--k: expected an integer >= 1, got '0'/],
    ['a fractional integer', ['eval', 'x', '--k', '2.5'], 2, /--k: expected an integer/],
    ['an unknown model', ['train', '--model', 'nope', '--steps', '1'], 2, /unknown model 'nope'/],
    ['an unknown data set', ['train', '--data', 'cifar', '--steps', '1'], 2, /unknown data set 'cifar'/],
    ['an unknown command', ['trian'], 2, /unknown command 'trian'/],
    ['a bad objective', ['train', '--objective', 'bogus'], 2, /--objective: expected one of elbo, free-bits, iwae, m2, got 'bogus'/],
    ['a missing run folder', ['eval', '/nonexistent/run'], 1, /\/nonexistent\/run: no such run folder/],
    ['a missing spec file', ['train', '--spec', '/nonexistent.json'], 2, /--spec: \/nonexistent.json: no such file/],
  ];
  for (const [what, argv, code, message] of cases) {
    it(what, async () => {
      const r = await strata(...argv);

      expect(r.code).toBe(code);
      expect(r.err.filter((l) => !l.startsWith('backend:'))).toHaveLength(1);
      expect(r.err[r.err.length - 1]).toMatch(message);
    });
  }

  it('eval --reconstructions on an image run', async () => {
    // Act
    const r = await strata('eval', run, '--reconstructions', '3', '--k', '2', '--limit', '2');
    // Assert
    expect(r.code).toBe(2);
    expect(r.err.filter((l) => !l.startsWith('backend:'))).toHaveLength(1);
    expect(r.err[r.err.length - 1]).toMatch(/--reconstructions: .* is a run on mnist-dyn images; reconstructions\.txt is for text runs/);
  });

  it('a corrupt checkpoint', async () => {
    const broken = join(root, 'broken');
    cpSync(run, broken, { recursive: true });
    const latest = JSON.parse(readFileSync(join(broken, 'checkpoints', 'latest.json'), 'utf8')).checkpoint;
    writeFileSync(join(broken, 'checkpoints', latest, 'ema.bin'), 'garbage');

    const r = await strata('sample', broken);

    expect(r.code).toBe(1);
    expect(r.err[r.err.length - 1]).toMatch(/ema.bin: 7 bytes, the manifest says \d+ \(truncated or corrupt\)$/);
  });

  it('--help prints the flags and exits 0', async () => {
    const r = await strata('train', '--help');

    expect(r.code).toBe(0);
    expect(r.out.some((l) => l.includes('--free-bits'))).toBe(true);
  });
});

describe('the bin shim', () => {
  it('npm run smoke reports the backend and trains a few steps', () => {
    const r = spawnSync('npm', ['run', '--silent', 'smoke', '--', '--steps', '4'], { cwd: join(import.meta.dirname, '..', '..'), encoding: 'utf8', env: { ...process.env, STRATA_BACKEND: 'wasm' } });

    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/backend: wasm/);
    expect(r.stdout).toMatch(/smoke ok: 4 steps/);
  });
});
