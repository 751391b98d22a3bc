import * as E from 'fp-ts/lib/Either.js';
import type { CompiledConditional, CompiledDeterministic, Model, NodeInfo } from './model.js';
import { compileBody, compileConditional } from './nets/compile.js';
import { table } from './distributions/families.js';
import type { ParamDecl } from './nets/net.js';
import { findCycle, parentsIn, topologicalOrder } from './graph.js';
import { DEFAULT_LIMITS, netSizeErrors, parameterSizeErrors, shapeSizeErrors, type Limits } from './limits.js';
import { runnableErrors } from './runnable.js';
import type { Shape } from './shape.js';
import { NetError, specError, type SpecError } from './spec-error.js';
import type { ConditionalDecl, DeterministicDecl, ModelSpec } from './spec.js';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const kindOf = (e: unknown): SpecError['kind'] => (e instanceof NetError ? e.kind : 'shape');

/** Declaration checks: duplicates, roles, missing and misplaced conditionals, layers, unknown names. */
const declarationErrors = (spec: ModelSpec): SpecError[] => {
  const errors: SpecError[] = [];
  const seen = new Set<string>();
  for (const n of spec.nodes) {
    if (seen.has(n.name)) errors.push(specError('duplicate-node', n.name, 'is declared twice'));
    seen.add(n.name);
    if (n.role === 'latent' && (!Number.isInteger(n.layer) || (n.layer ?? 0) < 1)) {
      errors.push(specError('layer', n.name, `layer must be an integer >= 1, got ${String(n.layer)}`));
    }
  }
  const roleOf = new Map(spec.nodes.map((n) => [n.name, n.role]));
  const check = (world: 'p' | 'q', conds: readonly ConditionalDecl[]): void => {
    const given = new Set<string>();
    for (const c of conds) {
      const role = roleOf.get(c.node);
      if (role === undefined) {
        errors.push(specError('unknown-node', c.node, `has a ${world}-conditional but is never declared`));
        continue;
      }
      if (given.has(c.node)) errors.push(specError('duplicate-conditional', c.node, `has two ${world}-conditionals`));
      given.add(c.node);
      if (role === 'deterministic') {
        errors.push(specError('deterministic-with-conditional', c.node, `is deterministic and cannot have a ${world}-conditional`));
      }
      if (world === 'q' && role === 'observed') errors.push(specError('observed-with-q', c.node, 'is observed and cannot have a q-conditional'));
      if (c.conditional.kind === 'net') {
        for (const parent of c.conditional.parents) {
          if (!roleOf.has(parent)) errors.push(specError('unknown-parent', c.node, `${world}-conditional reads '${parent}', which is never declared`));
        }
      }
    }
    for (const n of spec.nodes) {
      if (given.has(n.name)) continue;
      if (world === 'p' && n.role !== 'deterministic') errors.push(specError('missing-p', n.name, 'has no p-conditional'));
      if (world === 'q' && (n.role === 'latent' || n.role === 'label')) errors.push(specError('missing-q', n.name, 'has no q-conditional'));
    }
  };
  check('p', spec.p);
  check('q', spec.q);
  for (const n of spec.nodes) {
    if (n.role !== 'deterministic') continue;
    for (const parent of n.parents) {
      if (!roleOf.has(parent)) errors.push(specError('unknown-parent', n.name, `reads '${parent}', which is never declared`));
    }
  }
  return errors;
};

/** Size bounds of every net, checked before compiling (so no check takes time proportional to a layer count). */
const netBoundErrors = (spec: ModelSpec, limits: Limits): SpecError[] => [
  ...spec.nodes.flatMap((n) => (n.role === 'deterministic' ? netSizeErrors(n.name, n.net, limits) : [])),
  ...[...spec.p, ...spec.q].flatMap((c) => (c.conditional.kind === 'net' ? netSizeErrors(c.node, c.conditional.net, limits) : [])),
];

/**
 * Checks of each stochastic node's declared distribution: positive extents,
 * sizes within `limits`, and its family's own rules (the descriptor's
 * `problems`, e.g. a Categorical's classes >= 2), each with the family's kind.
 */
const distributionErrors = (spec: ModelSpec, limits: Limits): SpecError[] =>
  spec.nodes.flatMap((n) => {
    if (n.role === 'deterministic') return [];
    const shape = n.dist.shape;
    const own = table.problems(n.dist).map((p) => specError(p.kind, n.name, p.detail));
    const extents = shape.some((d) => !Number.isInteger(d) || d < 1)
      ? [specError('shape', n.name, `shape [${shape.join(', ')}] must hold positive integers`)]
      : shapeSizeErrors(n.name, 'its shape', table.limitShape(n.dist), limits);
    return [...extents, ...own];
  });

/** One cycle error per world whose graph is cyclic, naming its nodes in order. */
const cycleErrors = (spec: ModelSpec): SpecError[] =>
  (['q', 'p'] as const).flatMap((world) => {
    const cycle = findCycle(parentsIn(spec, world));
    return cycle === undefined ? [] : [specError('cycle', cycle[0], `is on a cycle in the ${world}-world: ${cycle.join(' -> ')}`)];
  });

/** Resolves shapes and compiles every net, collecting shape errors by node. */
const compileAll = (spec: ModelSpec, limits: Limits): E.Either<SpecError[], Model> => {
  const errors: SpecError[] = [];
  const infos = new Map<string, NodeInfo>();
  for (const n of spec.nodes) {
    if (n.role !== 'deterministic') infos.set(n.name, { name: n.name, role: n.role, shape: n.dist.shape, dist: n.dist, ...(n.role === 'latent' ? { layer: n.layer ?? 1 } : {}) });
  }
  const deterministic = new Map<string, CompiledDeterministic>();
  const decls = new Map(spec.nodes.filter((n): n is DeterministicDecl => n.role === 'deterministic').map((n) => [n.name, n]));
  const shapeOf = (name: string): Shape | undefined => {
    const known = infos.get(name);
    if (known?.role === 'label' && known.dist?.family === 'categorical') return [...known.shape, known.dist.classes];
    return known?.shape;
  };
  const compileDeterministic = (d: DeterministicDecl): void => {
    const shapes = d.parents.map(shapeOf);
    if (shapes.some((s) => s === undefined)) return;
    try {
      const net = compileBody(d.net, shapes as Shape[], `d:${d.name}`, limits.maxElements);
      deterministic.set(d.name, { parents: d.parents, net, key: `d:${d.name}` });
      infos.set(d.name, { name: d.name, role: 'deterministic', shape: net.outputShape });
      errors.push(...shapeSizeErrors(d.name, 'its output', net.outputShape, limits), ...parameterSizeErrors(d.name, net.params, limits));
    } catch (e) {
      errors.push(specError(kindOf(e), d.name, message(e)));
    }
  };
  const deterministicParents = new Map([...decls].map(([name, d]) => [name, d.parents.filter((p) => decls.has(p))]));
  for (const name of topologicalOrder(deterministicParents)) compileDeterministic(decls.get(name)!);
  const compileWorld = (world: 'p' | 'q'): Map<string, CompiledConditional> => {
    const out = new Map<string, CompiledConditional>();
    for (const c of world === 'p' ? spec.p : spec.q) {
      const info = infos.get(c.node);
      if (info?.dist === undefined) continue;
      if (c.conditional.kind === 'prior') {
        if (!table.hasFixedPrior(info.dist)) {
          errors.push(specError('params', c.node, `the ${info.dist.family} family has no fixed prior; give it a net`));
        }
        out.set(c.node, { kind: 'prior' });
        continue;
      }
      const shapes = c.conditional.parents.map(shapeOf);
      if (shapes.some((s) => s === undefined)) continue;
      try {
        const key = `${world}:${c.node}`;
        const net = compileConditional(c.conditional.net, shapes as Shape[], info.dist, key, limits.maxElements);
        out.set(c.node, { kind: 'net', parents: c.conditional.parents, net, key });
        errors.push(...parameterSizeErrors(c.node, net.params, limits));
      } catch (e) {
        errors.push(specError(kindOf(e), c.node, `${world}-conditional: ${message(e)}`));
      }
    }
    return out;
  };
  const p = compileWorld('p');
  const q = compileWorld('q');
  if (errors.length > 0) return E.left(errors);
  const byRole = (role: NodeInfo['role']): string[] => spec.nodes.filter((n) => n.role === role).map((n) => n.name);
  const latents = byRole('latent');
  const params: ParamDecl[] = [
    ...[...deterministic.values()].flatMap((d) => d.net.params),
    ...[...p.values(), ...q.values()].flatMap((c) => (c.kind === 'net' ? c.net.params : [])),
  ];
  const tooMany = parameterSizeErrors('(model)', params, limits);
  if (tooMany.length > 0) return E.left(tooMany);
  return E.right({
    spec,
    nodes: infos,
    p,
    q,
    deterministic,
    observed: byRole('observed'),
    latents,
    labels: byRole('label'),
    layers: [...new Set(latents.map((n) => infos.get(n)?.layer ?? 1))].sort((a, b) => a - b),
    params,
  });
};

/** Options of `validate`. */
export interface ValidateOptions {
  /** Size bounds; omitted fields keep {@link DEFAULT_LIMITS}. */
  readonly limits?: Partial<Limits>;
}

/**
 * Checks a spec and compiles it into a `Model`, or returns every problem
 * found, each naming its node and carrying a `kind` to branch on:
 * duplicates, unknown nodes and parents, cycles (per world, nodes in order,
 * any size: the graph walks are iterative), missing or misplaced
 * conditionals, bad layers, shapes that do not fit their parents, nets that
 * cannot produce their distribution's parameters, sizes above `limits`
 * (kind `size`), and anything that would make `trace` throw (no observed
 * node, nets of no parents, misplaced lstm or embedding inputs). Every spec
 * it accepts builds its parameters and traces a batch.
 */
export const validate = (spec: ModelSpec, options: ValidateOptions = {}): E.Either<SpecError[], Model> => {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const errors = [...declarationErrors(spec), ...distributionErrors(spec, limits), ...cycleErrors(spec)];
  if (errors.length > 0) return E.left(errors);
  const later = [...netBoundErrors(spec, limits), ...runnableErrors(spec)];
  return later.length > 0 ? E.left(later) : compileAll(spec, limits);
};
