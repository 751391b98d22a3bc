/**
 * The Normal's fused elementwise ops, kept in src/ops/normal.ts with strata's
 * other ops (ARCHITECTURE.md, "Layers"); re-exported here so that the
 * distributions keep their import path.
 */
export { MIN_SCALE, normalKl, normalLogDensity, reparameterize, softplusLogScale } from '../../ops/normal.js';
