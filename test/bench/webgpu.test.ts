/** bench/webgpu.ts's table, as bench:all's section 6 prints it: one row per measured backend with its adapter, one line per backend not measured. */
import { describe, expect, it } from 'vitest';
import { backendTable, benchBackends } from '../../bench/webgpu.js';

describe('backendTable', () => {
  it('labels each row with its adapter and lists what was not measured, with the reason', () => {
    // Arrange
    const bench = {
      rows: [{ where: 'Node' as const, backend: 'webgpu', adapter: 'llvmpipe (a software adapter)', imagesPerSec: 191.49, firstStepSec: 0.594 }],
      notes: ['Chromium webgl: /usr/bin/chromium is not installed (apt-get install chromium)'],
    };
    // Act
    const table = backendTable(bench).split('\n');
    // Assert
    expect(table).toContain('| Node | webgpu | llvmpipe (a software adapter) | 191.5 | 0.59 |');
    expect(table[table.length - 1]).toBe('- not measured: Chromium webgl: /usr/bin/chromium is not installed (apt-get install chromium)');
  });
});

describe('benchBackends', () => {
  it('measures nothing and starts nothing when asked for no backend', async () => {
    expect(await benchBackends({ steps: 1, warmup: 1, node: [], browser: [] })).toEqual({ rows: [], notes: [] });
  });
});
