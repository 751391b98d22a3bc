/**
 * strata/laws: the bound inequalities of hierarchical VAEs as fast-check
 * properties you can run on your own models:
 *
 *     import fc from 'fast-check';
 *     import { boundLaws } from 'strata/laws';
 *     for (const law of Object.values(boundLaws({ model, params, batch }))) await fc.assert(law, { numRuns: 20 });
 */
export { assertBoundLaws, boundLaws, type LawOptions } from './laws.js';
export type { LawSubject } from './subject.js';
