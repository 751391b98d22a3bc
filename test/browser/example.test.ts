/**
 * The browser example (examples/browser) in headless Chromium, driven by
 * playwright-core with Debian's /usr/bin/chromium (never a downloaded
 * browser): the page trains a few steps on WebGL (SwiftShader) and on wasm;
 * the loss falls and the sample grid is drawn. STRATA_SCREENSHOT=path saves
 * a screenshot of the WebGL run (docs/browser.png). Skipped, with the
 * reason, when Chromium is not installed (scripts/setup.sh installs it).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExample, serveFolder } from '../../examples/browser/serve.js';

const chromium = '/usr/bin/chromium';
const why = existsSync(chromium) ? '' : `${chromium} is not installed (apt-get install chromium)`;
if (why !== '') console.warn(`browser tests skipped: ${why}`);

/** Chromium's flags for a headless run as root with no GPU and no network; playwright gives each launch a fresh profile. */
const flags = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-unsafe-webgpu'];

let dir = '';
let server: Server | undefined;
let url = '';
let browser: import('playwright-core').Browser | undefined;

beforeAll(async () => {
  if (why !== '') return;
  dir = mkdtempSync(join(tmpdir(), 'strata-browser-'));
  ({ server, url } = await serveFolder(await buildExample(join(dir, 'site'), 512), 0));
  const { chromium: launcher } = await import('playwright-core');
  browser = await launcher.launch({ executablePath: chromium, headless: true, args: flags });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

interface PageState {
  backend: string;
  adapter: string;
  stats: { loss: number }[];
  samplesDrawn: number;
  done: boolean;
  error: string;
}

/** The little of the DOM the page checks use (this file is compiled without the DOM library). */
interface PageDocument {
  getElementById(id: string): { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe.skipIf(why !== '')('the browser example in headless Chromium', () => {
  for (const backend of ['webgl', 'wasm']) {
    it(`trains 30 steps on ${backend}: the loss falls and the sample grid is drawn`, async () => {
      // Arrange
      const page = await browser!.newPage({ viewport: { width: 1040, height: 560 } });
      // Act
      await page.goto(`${url}?backend=${backend}&steps=30&autostart=1`);
      await page.waitForFunction(() => (globalThis as unknown as { strata?: { done: boolean } }).strata?.done === true, undefined, { timeout: 100_000 });
      const state = (await page.evaluate(() => (globalThis as unknown as { strata: unknown }).strata)) as PageState;
      const inked = await page.evaluate(() => {
        const c = (globalThis as unknown as { document: PageDocument }).document.getElementById('samples');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let lit = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i] > 32) lit += 1;
        return lit / (d.length / 4);
      });
      if (backend === 'webgl' && process.env.STRATA_SCREENSHOT !== undefined) await page.screenshot({ path: process.env.STRATA_SCREENSHOT });
      await page.close();
      // Assert
      expect(state.error).toBe('');
      expect(state.backend).toBe(backend);
      expect(state.stats.length).toBe(30);
      const losses = state.stats.map((s) => s.loss);
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)));
      expect(state.samplesDrawn).toBeGreaterThan(0);
      expect(inked).toBeGreaterThan(0.02);
    }, 120_000);
  }
});
