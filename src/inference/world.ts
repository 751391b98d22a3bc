import * as tf from '@tensorflow/tfjs';
import type { Model } from '../dsl/model.js';
import type { NetContext, ParamLookup } from '../dsl/nets/net.js';
import { deriveSeed } from '../random/prng.js';

/**
 * A node's value in a world. Values that do not depend on a sampled latent
 * keep the batch axis only ([B, ...], `expanded` false) so that nets over the
 * data run once, not K times; sampled values and everything downstream carry
 * N = K * B rows, ordered k-major (row k * B + b).
 */
export interface WorldValue {
  readonly t: tf.Tensor;
  readonly expanded: boolean;
}

/** The fixed facts of one evaluation: sizes, noise, parameters, mode. */
export interface EvalContext {
  readonly model: Model;
  readonly get: ParamLookup;
  readonly k: number;
  readonly b: number;
  readonly seed: number;
  readonly training: boolean;
  /** Stable index of every node, used to derive its noise. */
  readonly index: ReadonlyMap<string, number>;
  /**
   * The K-fold repeats {@link expand} made in this evaluation, by source
   * tensor, so that a value read by several conditionals (the data: its
   * likelihood and the nets that read it beside a sample) is repeated once.
   * Absent: no reuse.
   */
  readonly repeats?: Map<tf.Tensor, tf.Tensor>;
}

/**
 * Repeats a [B, ...] value K times as [K * B, ...] (k-major), as a broadcast
 * product with ones: its gradient is one sum, and wasm's Tile kernel (behind
 * tf.tile and tf.broadcastTo) is about 60 times slower. Expanded values pass through.
 * Made once per source tensor where the context keeps `repeats` (trace does).
 */
export const expand = (ctx: EvalContext, v: WorldValue): tf.Tensor => {
  if (v.expanded || ctx.k === 1) return v.t;
  const cached = ctx.repeats?.get(v.t);
  // A repeat made inside a scope that has ended is disposed: made again.
  if (cached !== undefined && !cached.isDisposed) return cached;
  const ones = tf.ones([ctx.k, ...v.t.shape.map(() => 1)], v.t.dtype);
  const repeated = tf.mul(tf.expandDims(v.t, 0), ones).reshape([ctx.k * v.t.shape[0], ...v.t.shape.slice(1)]);
  ctx.repeats?.set(v.t, repeated);
  return repeated;
};

/** Brings parent values to a common row count: all expanded if any is. */
export const align = (ctx: EvalContext, values: readonly WorldValue[]): { inputs: tf.Tensor[]; expanded: boolean } => {
  const expanded = values.some((v) => v.expanded);
  return { inputs: values.map((v) => (expanded ? expand(ctx, v) : v.t)), expanded };
};

/**
 * The value a net reads for a parent: labels (Categorical class indices)
 * enter nets one-hot encoded, [N, ...shape, classes] ([N, classes] for a
 * single label); every other node as it is.
 */
export const netInput = (ctx: EvalContext, name: string, v: WorldValue): WorldValue => {
  const info = ctx.model.nodes.get(name);
  if (info?.role !== 'label' || info.dist?.family !== 'categorical') return v;
  const oneHot = tf.oneHot(tf.cast(v.t.flatten(), 'int32'), info.dist.classes).toFloat();
  return { t: oneHot.reshape([v.t.shape[0], ...info.shape, info.dist.classes]), expanded: v.expanded };
};

/** Noise seed of `node` for `purpose` (0: q sample, 1: p sample, 2: q-net dropout, 3: p-net dropout, 4: deterministic dropout). */
export const seedOf = (ctx: EvalContext, node: string, purpose: number): number =>
  deriveSeed(ctx.seed, ctx.index.get(node) ?? 0, purpose);

/** The net context (dropout on when training) for a net evaluated for `node`. */
export const netContext = (ctx: EvalContext, node: string, purpose: number): NetContext => ({
  training: ctx.training,
  seed: seedOf(ctx, node, purpose),
});

/**
 * The nodes a node's value reads in a world: a deterministic node's parents,
 * a stochastic node's conditional parents (none for data in the q-world).
 */
export const worldParents = (model: Model, world: 'p' | 'q', name: string): readonly string[] => {
  const d = model.deterministic.get(name);
  if (d !== undefined) return d.parents;
  const role = model.nodes.get(name)?.role;
  if (world === 'q' && (role === 'observed' || role === 'label')) return [];
  const cond = (world === 'p' ? model.p : model.q).get(name);
  return cond?.kind === 'net' ? cond.parents : [];
};
