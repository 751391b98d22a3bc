import { defineConfig } from 'vitest/config';

/** tfjs-backend-cpu's advice to install tfjs-node, printed by every test process that writes a cpu tensor. */
const tfjsNodeBanner = /looks like you are running TensorFlow\.js in Node\.js/;
let bannerShown = false;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    // The banner once per `npm test`, not once per test file (strata chooses its backend itself: src/backend).
    onConsoleLog: (log) => {
      if (!tfjsNodeBanner.test(log)) return undefined;
      if (bannerShown) return false;
      bannerShown = true;
      return undefined;
    },
  },
});
