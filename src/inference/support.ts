/**
 * Checks data against the supports of a model's data nodes before it is
 * scored (issue 14.2): a value outside a node's support (a class index of
 * 5 for a Categorical of 5 classes, a pixel of 256, a NaN) would otherwise
 * be scored as something it is not. Call once where data enters (`fit`,
 * the CLI), before training starts. Cheap: one pass over the values, no
 * tensor ops.
 */
import type * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { describeSupport, firstOutsideSupport } from '../dsl/distributions/support.js';
import type { Model } from '../dsl/model.js';

/** The first value of a data node outside its support, and where it is. */
export interface SupportError {
  readonly kind: 'support';
  readonly node: string;
  /** The data set or file the values came from, as the caller named it. */
  readonly source: string;
  /** Row (datum) of the first offending value, and its index inside the event. */
  readonly row: number;
  readonly index: readonly number[];
  readonly value: number;
  /** One line naming the source, node, value, position and support. */
  readonly message: string;
}

/** Values of a data node: a tensor [B, ...shape] or its row-major values. */
export type NodeValues = tf.Tensor | ArrayLike<number>;

const valuesOf = (v: NodeValues): ArrayLike<number> => ('dataSync' in v && typeof v.dataSync === 'function' ? v.dataSync() : (v as ArrayLike<number>));

/** Row-major index `flat` of events of `shape` as [row, index inside the event]. */
const position = (flat: number, shape: readonly number[]): [number, number[]] => {
  const index: number[] = [];
  let rest = flat;
  for (let a = shape.length - 1; a >= 0; a--) {
    index.unshift(rest % shape[a]);
    rest = Math.floor(rest / shape[a]);
  }
  return [rest, index];
};

/**
 * Checks the values of every observed and label node of `model` present in
 * `data` (nodes absent from `data` are skipped: unlabelled data has no
 * labels) against the node's support. Returns the first offending value of
 * the first node in declaration order, with its row and index, naming
 * `source` (e.g. 'mnist-8bit train' or a file path); Right when all fit.
 */
export const checkSupport = (model: Model, data: Readonly<Record<string, NodeValues>>, source: string): E.Either<SupportError, void> => {
  for (const node of [...model.observed, ...model.labels]) {
    const given = data[node];
    const dist = model.nodes.get(node)?.dist;
    if (given === undefined || dist === undefined) continue;
    const values = valuesOf(given);
    const bad = firstOutsideSupport(dist, values);
    if (bad < 0) continue;
    const [row, index] = position(bad, dist.shape);
    const value = values[bad];
    const where = `row ${row}${index.length > 0 ? `, element [${index.join(', ')}]` : ''}`;
    return E.left({
      kind: 'support',
      node,
      source,
      row,
      index,
      value,
      message: `${source}: node '${node}' (${dist.family}) takes ${describeSupport(dist)}, but ${where} holds ${value}`,
    });
  }
  return E.right(undefined);
};
