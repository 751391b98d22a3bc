import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exampleUnit, formatRecord, readRecords } from '../../src/train/log.js';
import type { LogRecord } from '../../src/train/record.js';

const root = mkdtempSync(join(tmpdir(), 'strata-log-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const record = (step: number, extra: Partial<LogRecord> = {}): LogRecord => ({
  step, loss: 100.5, elbo: -99.25, nats: 99.25, kl: { z1: 2, z2: 1.5 }, gradNorm: 3, lr: 0.002, skipped: 0, skippedTotal: 0, imagesPerSec: 812.34, time: '2026-12-01T00:00:00Z', ...extra,
});

describe('training logs', () => {
  it('names the throughput by the data: images for image sets, sentences for text', () => {
    // Act
    const image = formatRecord(record(500, { bitsPerDim: 0.1826 }), exampleUnit('image'));
    const text = formatRecord(record(500), exampleUnit('text'));
    // Assert
    expect(image).toBe('step 500: loss 100.500, -elbo 99.250 nats (0.1826 bits/dim), kl 3.500, 812.3 images/s');
    expect(text).toBe('step 500: loss 100.500, -elbo 99.250 nats, kl 3.500, 812.3 sentences/s');
  });

  it('reads records in step order, the last record of a step winning and a cut line skipped', () => {
    // Arrange: a resumed run repeats step 10; a killed process cut the last line
    const path = join(root, 'log.jsonl');
    writeFileSync(path, [record(10, { nats: 1 }), record(5), record(10, { nats: 2 })].map((r) => JSON.stringify(r)).join('\n') + '\n{"step": 15, "lo');
    // Act
    const records = readRecords(path);
    // Assert
    expect(records.map((r) => [r.step, r.nats])).toEqual([[5, 99.25], [10, 2]]);
  });
});
