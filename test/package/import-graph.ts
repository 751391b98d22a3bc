/**
 * strata's import graphs: at run time, read from esbuild's metafile (imports
 * used only as types erased), and in the source, read by TypeScript's
 * preProcessFile (type imports too); their cycles (strongly connected
 * components, Tarjan 1972) and the layer rule of ARCHITECTURE.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';

/** Module (path relative to the repository, e.g. 'src/dsl/model.ts') to the modules it imports. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);

/** The import graph of every .ts file under `root`/src (npm packages left out). */
export const importGraph = async (root: string): Promise<ImportGraph> => {
  const result = await build({
    absWorkingDir: root, entryPoints: sources(join(root, 'src')), bundle: true, write: false, outdir: join(root, '.graph'),
    platform: 'node', format: 'esm', packages: 'external', metafile: true, logLevel: 'silent',
  });
  const graph = new Map<string, string[]>();
  for (const [file, input] of Object.entries(result.metafile.inputs)) {
    const from = relative(root, join(root, file));
    graph.set(from, input.imports.filter((i) => !i.external).map((i) => relative(root, join(root, i.path))));
  }
  return graph;
};

/** The import graph of every .ts file under `root`/src with type-only imports too (relative specifiers only). */
export const sourceImportGraph = (root: string): ImportGraph => new Map(sources(join(root, 'src')).map((file) => {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const local = importedFiles.map((i) => i.fileName).filter((s) => s.startsWith('.'));
  return [relative(root, file), local.map((s) => relative(root, resolve(dirname(file), s.replace(/\.js$/, '.ts'))))];
}));

/** The cycles of `graph`: each strongly connected component of more than one module, or a self-import. */
export const importCycles = (graph: ImportGraph): string[][] => {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      onStack.delete(w);
      component.push(w);
      if (w === v) break;
    }
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
};

/** The portable core: what the `strata` entry holds (ARCHITECTURE.md, "Layers"). */
export const coreModules = /^src\/(index\.ts|(dsl|inference|models|laws|random|ops)\/)/;

/** Modules outside the core that the core may import: none (kernel-scope.ts, once one, is now src/ops's). */
export const coreExceptions: readonly string[] = [];

/** Every import by a core module of a module outside the core, as 'from -> to'. */
export const layerBreaches = (graph: ImportGraph): string[] =>
  [...graph].flatMap(([from, tos]) => (coreModules.test(from)
    ? tos.filter((to) => !coreModules.test(to) && !coreExceptions.includes(to)).map((to) => `${from} -> ${to}`)
    : []));
