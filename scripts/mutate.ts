/**
 * `npm run mutate`: the mutation check of issue 22. Plants each fault of
 * scripts/mutation/faults.ts in turn (one-line changes found by code
 * pattern), runs that fault's test files with vitest, restores the file, and
 * writes which faults the tests kill and which survive to
 * bench/results/mutation.md. Not part of `npm test` (it takes minutes).
 * Flags: --only id,id (a subset), --list (print the faults and whether each
 * applies), --out FILE (report path). Exit 1 when a named fault survives or
 * the kill rate is below 90%.
 * A script rather than StrykerJS (@stryker-mutator/core on npm): Stryker
 * generates its own operator mutants over whole files, not a kept list of
 * named faults that reports a vanished pattern, and its hundreds of mutants
 * over these files would take hours on the project's 2 shared cores.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../src/report/write-file.js';
import { notApplicable, plant, type Fault } from './mutation/fault.js';
import { faults } from './mutation/faults.js';

type Outcome = { readonly fault: Fault; readonly status: 'killed' | 'survived' | 'not applicable'; readonly detail: string; readonly seconds: number };

const root = process.cwd();
const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const only = flag('only')?.split(',');
const chosen = only === undefined ? faults : faults.filter((f) => only.includes(f.id));
const out = flag('out') ?? join('bench', 'results', 'mutation.md');
const TIMEOUT_MS = 300_000;

/** Runs vitest on `tests`, stopping at the first failure; the first failing test's name, or undefined when all pass. */
const runTests = (tests: readonly string[]): { passed: boolean; detail: string } => {
  const r = spawnSync(join(root, 'node_modules', '.bin', 'vitest'), ['run', ...tests, '--bail=1'], {
    cwd: root,
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error !== undefined || r.signal !== null) return { passed: false, detail: `timed out or crashed (${r.signal ?? r.error?.message})` };
  const text = `${r.stdout}\n${r.stderr}`;
  const failed = /FAIL\s+(test\/\S+\s+>.*)/.exec(text)?.[1] ?? /FAIL\s+(test\/\S+)/.exec(text)?.[1];
  return { passed: r.status === 0, detail: r.status === 0 ? 'all tests passed' : (failed ?? `exit ${r.status}`).replace(/\s+/g, ' ').trim() };
};

let restore: (() => void) | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    restore?.();
    process.exit(130);
  });
}

if (argv.includes('--list')) {
  for (const f of chosen) console.log(`${f.id.padEnd(28)} ${f.area.padEnd(10)} ${notApplicable(f, root) ?? 'applies'}`);
  process.exit(0);
}

const started = Date.now();
const union = [...new Set(chosen.flatMap((f) => f.tests))];
console.log(`baseline: ${union.length} test files without faults`);
const baseline = runTests(union);
if (!baseline.passed) {
  console.error(`mutate: the tests fail without any fault (${baseline.detail}); fix them first`);
  process.exit(1);
}

const outcomes: Outcome[] = [];
for (const fault of chosen) {
  const t0 = Date.now();
  const problem = notApplicable(fault, root);
  if (problem !== undefined) {
    outcomes.push({ fault, status: 'not applicable', detail: problem, seconds: 0 });
    console.log(`${fault.id}: not applicable (${problem})`);
    continue;
  }
  restore = plant(fault, root);
  let result: { passed: boolean; detail: string };
  try {
    result = runTests(fault.tests);
  } finally {
    restore();
    restore = undefined;
  }
  const seconds = (Date.now() - t0) / 1000;
  outcomes.push({ fault, status: result.passed ? 'survived' : 'killed', detail: result.detail, seconds });
  console.log(`${fault.id}: ${result.passed ? 'SURVIVED' : 'killed'} in ${seconds.toFixed(0)} s (${result.detail})`);
}

const applicable = outcomes.filter((o) => o.status !== 'not applicable');
const killed = applicable.filter((o) => o.status === 'killed');
const rate = applicable.length === 0 ? 0 : killed.length / applicable.length;
const namedSurvivors = outcomes.filter((o) => o.fault.named === true && o.status !== 'killed');
const cell = (s: string): string => s.replaceAll('|', '\\|');
const report = [
  '# Mutation check (issue 22)',
  '',
  `Run: \`npm run mutate${only === undefined ? '' : ` -- --only ${only.join(',')}`}\` on ${new Date().toISOString()}, ${cpus().length} CPUs, ${((Date.now() - started) / 60000).toFixed(1)} minutes.`,
  'Each fault is a one-line change found by its code pattern (scripts/mutation/faults.ts), planted alone; its test files run with vitest --bail=1.',
  '',
  `- faults: ${outcomes.length} (${outcomes.filter((o) => o.fault.named).length} named in the issue), applicable: ${applicable.length}, not applicable: ${outcomes.length - applicable.length}`,
  `- killed: ${killed.length}, survived: ${applicable.length - killed.length}; kill rate ${(100 * rate).toFixed(1)}%`,
  `- faults named in the issue that survive or do not apply: ${namedSurvivors.length === 0 ? 'none' : namedSurvivors.map((o) => o.fault.id).join(', ')}`,
  '',
  '| fault | named | area | file | what | result | first failing test | s |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...outcomes.map((o) =>
    `| ${o.fault.id} | ${o.fault.named ? 'yes' : ''} | ${o.fault.area} | ${o.fault.file} | ${cell(o.fault.what)} | ${o.status} | ${cell(o.status === 'killed' ? o.detail : o.status === 'survived' ? `(${o.fault.tests.join(', ')})` : o.detail)} | ${o.seconds.toFixed(0)} |`),
  '',
].join('\n');
writeFileAtomic(out, report);
console.log(`kill rate ${(100 * rate).toFixed(1)}% (${killed.length}/${applicable.length}); report in ${out}`);
process.exit(rate >= 0.9 && namedSurvivors.length === 0 ? 0 : 1);
