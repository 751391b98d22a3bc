import * as tf from '@tensorflow/tfjs';
import { densityOf, fixedPriorOf, type Density } from '../dsl/distributions/density.js';
import { sumEvent } from '../dsl/distributions/event.js';
import { normalKlElements } from '../dsl/distributions/normal.js';
import type { CompiledConditional, Model } from '../dsl/model.js';
import { lookup, type ParamStore } from '../dsl/params.js';
import { neededFirst, topologicalOrder } from '../dsl/graph.js';
import { align, expand, netContext, netInput, seedOf, worldParents, type EvalContext, type WorldValue } from './world.js';
import { lazyTerms, type NodeTerms } from './terms.js';
import { analyticKlLatents } from './analytic-kl.js';

/** Values of the observed and label nodes for one batch, each [B, ...shape]. */
export type Batch = Readonly<Record<string, tf.Tensor>>;

/** Options of one trace. */
export interface TraceOptions {
  /** Importance samples per datum (default 1). */
  readonly k?: number;
  /** Seed of every draw in the trace: the same seed gives the same noise. */
  readonly seed: number;
  /** Dropout on (default false). */
  readonly training?: boolean;
  /** The set S of latents the p-world resamples from their p-conditionals (default empty). */
  readonly resample?: ReadonlySet<string>;
}

export type { NodeTerms } from './terms.js';

/** A trace of one batch: the per-node [K, B] table of log-densities and the worlds' values. */
export interface Trace {
  readonly k: number;
  readonly b: number;
  readonly terms: readonly NodeTerms[];
  /** q-world values of every node the trace evaluated ([N, ...shape]). */
  readonly q: ReadonlyMap<string, WorldValue>;
  /** p-world values that differ from the q-world (S-dependent) ones. */
  readonly p: ReadonlyMap<string, WorldValue>;
  /** p-conditional densities of the observed nodes (for reconstructions). */
  readonly likelihoods: ReadonlyMap<string, Density>;
}

const toKB = (ctx: EvalContext, t: tf.Tensor): tf.Tensor2D => t.reshape([ctx.k, ctx.b]) as tf.Tensor2D;
const toKBElements = (ctx: EvalContext, t: tf.Tensor): tf.Tensor => t.reshape([ctx.k, ctx.b, ...t.shape.slice(1)]);

/** The density of a conditional given its parents' values in a world; always over N = K * B rows. */
export const conditionalDensity = (
  ctx: EvalContext,
  node: string,
  cond: CompiledConditional,
  valueOf: (name: string) => WorldValue,
  purpose: number,
  target?: tf.Tensor,
): Density => {
  const dist = ctx.model.nodes.get(node)?.dist;
  if (dist === undefined) throw new Error(`node '${node}' has no distribution`);
  if (cond.kind === 'prior') return fixedPriorOf(dist, ctx.k * ctx.b);
  const { inputs, expanded } = align(ctx, cond.parents.map((n) => netInput(ctx, n, valueOf(n))));
  if (target !== undefined) {
    const wide = expanded ? inputs : inputs.map((t) => expand(ctx, { t, expanded: false }));
    return densityOf(dist, cond.net.apply(ctx.get, wide, netContext(ctx, node, purpose), target));
  }
  const raw = cond.net.apply(ctx.get, inputs, netContext(ctx, node, purpose));
  return densityOf(dist, expanded ? raw : expand(ctx, { t: raw, expanded: false }));
};

/** Evaluates a deterministic node from its parents' values in one world. */
export const deterministicValue = (ctx: EvalContext, name: string, valueOf: (n: string) => WorldValue): WorldValue => {
  const d = ctx.model.deterministic.get(name);
  if (d === undefined) throw new Error(`node '${name}' is not deterministic`);
  const { inputs, expanded } = align(ctx, d.parents.map((n) => netInput(ctx, n, valueOf(n))));
  return { t: d.net.apply(ctx.get, inputs, netContext(ctx, name, 4)), expanded };
};

/**
 * Compiles one batch of a model into a trace (ARCHITECTURE.md, "The path of a batch", step 4): the
 * q-world samples every latent from q given the data; the p-world copies it
 * except the latents of S, resampled from p given their p-world parents. A
 * deterministic node is evaluated once per world, and once in all when no
 * latent of S is among its ancestors. Call inside tf.tidy.
 */
export const trace = (model: Model, params: ParamStore, batch: Batch, options: TraceOptions): Trace => {
  const resample = options.resample ?? new Set<string>();
  const names = [...model.nodes.keys()];
  const first = batch[model.observed[0] ?? model.labels[0]];
  if (first === undefined) throw new Error(`trace: the batch has no value for '${model.observed[0]}'`);
  const ctx: EvalContext = {
    model,
    get: lookup(params),
    k: options.k ?? 1,
    b: first.shape[0],
    seed: options.seed,
    training: options.training ?? false,
    index: new Map(names.map((n, i) => [n, i])),
    repeats: new Map(),
  };
  const data = (name: string): WorldValue => {
    const t = batch[name];
    if (t === undefined) throw new Error(`trace: the batch has no value for node '${name}'`);
    if (t.shape[0] !== ctx.b) throw new Error(`trace: node '${name}' has ${t.shape[0]} rows, '${model.observed[0]}' has ${ctx.b}`);
    return { t, expanded: false };
  };
  const qValues = new Map<string, WorldValue>();
  const qDensities = new Map<string, Density>();
  const qCompute = (name: string): WorldValue => {
    const role = model.nodes.get(name)?.role;
    let v: WorldValue;
    if (role === 'observed' || role === 'label') v = data(name);
    else if (role === 'deterministic') v = deterministicValue(ctx, name, qValue);
    else {
      const density = conditionalDensity(ctx, name, model.q.get(name)!, qValue, 2);
      qDensities.set(name, density);
      v = { t: density.sample(seedOf(ctx, name, 0)), expanded: true };
    }
    qValues.set(name, v);
    return v;
  };
  const qValue = (name: string): WorldValue => {
    const cached = qValues.get(name);
    if (cached !== undefined) return cached;
    for (const n of neededFirst([name], (m) => worldParents(model, 'q', m), (m) => qValues.has(m))) qCompute(n);
    return qValues.get(name)!;
  };
  const dependsOnS = new Set<string>();
  const touchesS = (name: string): boolean => resample.has(name) || dependsOnS.has(name);
  for (const name of topologicalOrder(new Map([...model.deterministic].map(([n, d]) => [n, d.parents])))) {
    if (model.deterministic.get(name)!.parents.some(touchesS)) dependsOnS.add(name);
  }
  const pValues = new Map<string, WorldValue>();
  const pDensities = new Map<string, Density>();
  const pReady = (name: string): boolean => !touchesS(name) || pValues.has(name);
  const pDensity = (name: string): Density => {
    const cached = pDensities.get(name);
    if (cached !== undefined) return cached;
    for (const n of neededFirst(worldParents(model, 'p', name), (m) => worldParents(model, 'p', m), pReady)) pValue(n);
    const role = model.nodes.get(name)?.role;
    const target = role === 'observed' ? expand(ctx, data(name)) : undefined;
    const density = conditionalDensity(ctx, name, model.p.get(name)!, pValue, 3, target);
    pDensities.set(name, density);
    return density;
  };
  const pValue = (name: string): WorldValue => {
    if (!touchesS(name)) return qValue(name);
    const cached = pValues.get(name);
    if (cached !== undefined) return cached;
    for (const n of neededFirst(worldParents(model, 'p', name), (m) => worldParents(model, 'p', m), pReady)) pValue(n);
    const v = model.deterministic.has(name)
      ? deterministicValue(ctx, name, pValue)
      : { t: pDensity(name).sample(seedOf(ctx, name, 1)), expanded: true };
    pValues.set(name, v);
    return v;
  };
  const terms: NodeTerms[] = [];
  const likelihoods = new Map<string, Density>();
  for (const name of model.observed) {
    const density = pDensity(name);
    likelihoods.set(name, density);
    terms.push({ name, role: 'observed', logp: toKB(ctx, sumEvent(density.logProbElements(expand(ctx, data(name))))) });
  }
  for (const name of model.labels) {
    const y = expand(ctx, data(name));
    const q = conditionalDensity(ctx, name, model.q.get(name)!, qValue, 2);
    terms.push({
      name,
      role: 'label',
      logp: toKB(ctx, sumEvent(pDensity(name).logProbElements(y))),
      logq: toKB(ctx, sumEvent(q.logProbElements(y))),
    });
  }
  const analyticOk = analyticKlLatents(model, resample);
  for (const name of model.latents) {
    const layer = model.nodes.get(name)?.layer;
    if (resample.has(name)) {
      terms.push(lazyTerms({ name, role: 'latent', layer }, { logp: () => toKB(ctx, sumEvent(pDensity(name).logProbElements(pValue(name).t))) }));
      continue;
    }
    const z = qValue(name).t;
    const q = qDensities.get(name)!;
    const p = pDensity(name);
    let logpElements: tf.Tensor | undefined;
    let logqElements: tf.Tensor | undefined;
    const logpE = (): tf.Tensor => (logpElements ??= p.logProbElements(z));
    const logqE = (): tf.Tensor => (logqElements ??= q.logProbElements(z));
    const mc = (): tf.Tensor => toKBElements(ctx, tf.sub(logqE(), logpE()));
    const analytic = q.normal !== undefined && p.normal !== undefined && analyticOk.has(name);
    terms.push(
      lazyTerms(
        { name, role: 'latent', layer, analytic },
        {
          logp: () => toKB(ctx, sumEvent(logpE())),
          logq: () => toKB(ctx, sumEvent(logqE())),
          klElements: analytic ? () => toKBElements(ctx, normalKlElements(q.normal!, p.normal!)) : mc,
          mcKlElements: mc,
        },
      ),
    );
  }
  return { k: ctx.k, b: ctx.b, terms, q: qValues, p: pValues, likelihoods };
};
