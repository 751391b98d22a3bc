/**
 * The files of the consumer project that the package test installs strata
 * into: an ES module importing every entry of the exports map, a TypeScript
 * module using each entry, and one tsconfig per module resolution.
 */

/** An ES module that imports every subpath and prints "<subpath>: <n> exports"; exits 1 on an empty entry. */
export const entriesModule = (subpaths: readonly string[]): string => [
  `const subpaths = ${JSON.stringify(subpaths)};`,
  'for (const subpath of subpaths) {',
  "  const specifier = subpath === '.' ? 'strata' : `strata/${subpath.slice(2)}`;",
  '  const names = Object.keys(await import(specifier));',
  '  console.log(`${specifier}: ${names.length} exports`);',
  '  if (names.length === 0) process.exit(1);',
  '}',
  '',
].join('\n');

/**
 * A TypeScript module using every entry. The `@ts-expect-error` lines fail
 * the check when a layer leaks (training in the core) or when strata's types
 * do not resolve (everything `any`).
 */
export const usageModule = `import { bernoulli, elbo, mlp, model, normal, prior, trace, validate, type Model } from 'strata';
import { startBackend } from 'strata/backend';
import { listDatasets, type DatasetDescriptor } from 'strata/datasets';
import { fit } from 'strata/train';
import { auroc } from 'strata/report';
import { main, type CliIO } from 'strata/cli';
import { boundLaws } from 'strata/laws';
// @ts-expect-error: the portable core has no training loop (strata/train has)
import { fit as notInCore } from 'strata';

const spec = model()
  .observed('x', bernoulli([4]))
  .latent('z', normal([2]), { layer: 1 })
  .p('z', prior)
  .p('x', ['z'], mlp([8]))
  .q('z', ['x'], mlp([8])).spec;
// @ts-expect-error: 'nope' is not a declared node
model().observed('x', bernoulli([4])).p('x', ['nope'], mlp([8]));

export const checked: Model | undefined = (() => {
  const m = validate(spec);
  return m._tag === 'Right' ? m.right : undefined;
})();
export const objective: typeof elbo = elbo;
export const compile: typeof trace = trace;
export const datasets: readonly DatasetDescriptor[] = listDatasets();
export const started: Promise<unknown> = startBackend(undefined, process.env, (line: string) => console.log(line));
export const trained: Promise<unknown> = fit(spec, { data: 'mnist-dyn', out: 'runs/mine' });
export const area: number = auroc([0.9, 0.8], [0.1, 0.7]);
const io: CliIO = { out: (line) => console.log(line), err: (line) => console.error(line), env: process.env };
export const code: Promise<number> = main(['models'], io);
export const laws: typeof boundLaws = boundLaws;
export const leaked: unknown = notInCore;
`;

/** A tsconfig for one module resolution: node16 (module node16) or bundler (module esnext). */
export const tsconfig = (resolution: 'node16' | 'bundler'): string => JSON.stringify({
  compilerOptions: {
    target: 'ES2022',
    module: resolution === 'node16' ? 'node16' : 'esnext',
    moduleResolution: resolution,
    strict: true,
    noEmit: true,
    types: ['node'],
    skipLibCheck: false,
  },
  files: ['use.ts'],
}, null, 2);
