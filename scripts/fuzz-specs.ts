/**
 * The spec fuzzer (issue 14): `npm run fuzz:specs -- --runs 10000 [--seed 1]`.
 * Draws random JSON specs (test/dsl/spec-fuzz.ts), runs each through
 * decodeSpec, validate and, when accepted, initParams and a two-row trace,
 * and reports decode/validate throws, hangs (a spec taking over
 * --hang-ms, default 5000 ms) and accepted specs that failed to trace; all
 * three must be 0. Exit 1 when any is not. Not a test: it runs for minutes.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { fuzzOne, specJson } from '../test/dsl/spec-fuzz.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' }, 'hang-ms': { type: 'string', default: '5000' } } });
const runs = Number(values.runs);
const seed = Number(values.seed);
const hangMs = Number(values['hang-ms']);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed) || !(hangMs > 0)) {
  console.error('fuzz:specs: --runs and --seed must be integers (runs >= 1), --hang-ms positive');
  process.exit(2);
}
await tf.setBackend('cpu');
const counts = { decodeLeft: 0, validateLeft: 0, traced: 0, decodeThrows: 0, validateThrows: 0, traceFailures: 0, hangs: 0 };
const examples: string[] = [];
const started = Date.now();
let slowest = 0;
for (const [i, json] of fc.sample(specJson, { numRuns: runs, seed }).entries()) {
  const t0 = Date.now();
  const outcome = fuzzOne(json);
  const ms = Date.now() - t0;
  slowest = Math.max(slowest, ms);
  if (ms > hangMs) {
    counts.hangs++;
    examples.push(`hang (${ms} ms) #${i}: ${JSON.stringify(json)}`);
  }
  if (outcome === 'decode-left') counts.decodeLeft++;
  else if (outcome === 'validate-left') counts.validateLeft++;
  else if (outcome === 'traced') counts.traced++;
  else {
    counts[outcome.stage === 'decode' ? 'decodeThrows' : outcome.stage === 'validate' ? 'validateThrows' : 'traceFailures']++;
    if (examples.length < 20) examples.push(`${outcome.stage} #${i}: ${outcome.error}\n  ${JSON.stringify(json)}`);
  }
}
console.log(`fuzz:specs: ${runs} specs (seed ${seed}) in ${((Date.now() - started) / 1000).toFixed(1)} s, slowest ${slowest} ms`);
console.log(`  decoded to Left ${counts.decodeLeft}, validated to Left ${counts.validateLeft}, accepted and traced ${counts.traced}`);
console.log(`  decode throws ${counts.decodeThrows}, validate throws ${counts.validateThrows}, hangs ${counts.hangs}, accepted but failed to trace ${counts.traceFailures}`);
for (const e of examples) console.log(e);
process.exit(counts.decodeThrows + counts.validateThrows + counts.hangs + counts.traceFailures === 0 ? 0 : 1);
