/**
 * The spec fuzzer (issue 14): `npm run fuzz:specs -- --runs 10000 [--seed 1] [--hang-ms 10000]`.
 * Draws random JSON specs (test/dsl/spec-fuzz.ts), runs each through
 * decodeSpec, validate and, when accepted, initParams and a two-row trace,
 * and reports decode/validate throws, hangs and accepted specs that failed
 * to trace; all three must be 0 (exit 1 otherwise). The specs run in a
 * worker thread watched by this one: a spec that takes longer than
 * --hang-ms is a hang, the worker is ended and restarted after it. Not a
 * test: it runs for minutes.
 */
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

interface Job { readonly runs: number; readonly seed: number; readonly start: number }
interface Report { readonly i: number; readonly outcome: string; readonly detail?: string }

const runWorker = async (job: Job): Promise<void> => {
  await import('@tensorflow/tfjs-backend-cpu');
  const tf = await import('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  const { fuzzOne, specJson } = await import('../test/dsl/spec-fuzz.js');
  const specs = fc.sample(specJson, { numRuns: job.runs, seed: job.seed });
  parentPort!.postMessage({ i: -1, outcome: 'ready' } satisfies Report);
  for (let i = job.start; i < job.runs; i++) {
    parentPort!.postMessage({ i, outcome: 'start' } satisfies Report);
    const o = fuzzOne(specs[i]);
    parentPort!.postMessage((typeof o === 'string' ? { i, outcome: o } : { i, outcome: `${o.stage}-throw`, detail: `${o.error}\n  ${JSON.stringify(specs[i])}` }) satisfies Report);
  }
  process.exit(0);
};

const runMain = async (): Promise<void> => {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' }, 'hang-ms': { type: 'string', default: '10000' } } });
  const [runs, seed, hangMs] = [Number(values.runs), Number(values.seed), Number(values['hang-ms'])];
  if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed) || !(hangMs > 0)) {
    console.error('fuzz:specs: --runs and --seed must be integers (runs >= 1), --hang-ms a positive number');
    process.exit(2);
  }
  const counts: Record<string, number> = { 'decode-left': 0, 'validate-left': 0, traced: 0, 'decode-throw': 0, 'validate-throw': 0, 'trace-throw': 0, hang: 0 };
  const examples: string[] = [];
  const started = Date.now();
  let next = 0;
  while (next < runs) {
    await new Promise<void>((done) => {
      const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((t) => { t.register(); return import(${JSON.stringify(import.meta.url)}); })`;
      const worker = new Worker(boot, { eval: true, workerData: { runs, seed, start: next } satisfies Job });
      let current = -1;
      let timer: NodeJS.Timeout | undefined;
      const watch = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          counts.hang++;
          examples.push(`hang (over ${hangMs} ms) at spec #${current}`);
          next = current + 1;
          void worker.terminate();
        }, hangMs);
      };
      worker.on('message', (r: Report) => {
        if (r.outcome === 'ready') return;
        if (r.outcome === 'start') {
          current = r.i;
          watch();
          return;
        }
        clearTimeout(timer);
        counts[r.outcome]++;
        next = r.i + 1;
        if (r.detail !== undefined && examples.length < 20) examples.push(`${r.outcome} #${r.i}: ${r.detail}`);
      });
      worker.on('error', (e) => {
        if (current < 0) {
          console.error(`fuzz:specs: the worker failed to start: ${e.message}`);
          process.exit(2);
        }
        examples.push(`worker error at spec #${current}: ${e.message}`);
        counts['trace-throw']++;
        next = Math.max(next, current + 1);
      });
      worker.on('exit', () => {
        clearTimeout(timer);
        done();
      });
    });
  }
  const c = counts;
  console.log(`fuzz:specs: ${runs} specs (seed ${seed}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`  decoded to Left ${c['decode-left']}, validated to Left ${c['validate-left']}, accepted and traced ${c.traced}`);
  console.log(`  decode throws ${c['decode-throw']}, validate throws ${c['validate-throw']}, hangs ${c.hang}, accepted but failed to trace ${c['trace-throw']}`);
  for (const e of examples) console.log(e);
  process.exit(c['decode-throw'] + c['validate-throw'] + c.hang + c['trace-throw'] === 0 ? 0 : 1);
};

await (isMainThread ? runMain() : runWorker(workerData as Job));
