/**
 * Test helper for the differential suite: the non-convolutional kernels
 * strata relies on, each as a function of seeded inputs returning its
 * forward output and the gradients of sum(output * r) for every input.
 */
import * as tf from '@tensorflow/tfjs';
import { affine } from '../../src/ops/affine.js';
import { normalKl, normalLogDensity, reparameterize, softplusLogScale } from '../../src/ops/normal.js';
import { logSumExp } from '../../src/inference/log-space.js';
import { dropout } from '../../src/ops/dropout.js';
import { sumOfSquares } from '../../src/ops/sum-of-squares.js';
import { movingAverages } from '../../src/ops/moving-average.js';
import { arraysOf, seededValues, sizeOf } from './compare.js';

/** Sizes of one dense case: rows, inner and outer widths, a batch of matrices. */
export interface DenseCase {
  readonly n: number;
  readonly k: number;
  readonly m: number;
  readonly batch: number;
  readonly seed: number;
}

/** A dense op: its input shapes for a case, the input range, and the op. */
export interface DenseOp {
  readonly name: string;
  readonly shapes: (c: DenseCase) => number[][];
  /** Inputs are seeded uniform in [-scale, scale). */
  readonly scale?: number;
  /** How many leading inputs are differentiated (default all; reparameterize's eps is a constant). */
  readonly differentiated?: number;
  readonly f: (...xs: tf.Tensor[]) => tf.Tensor;
}

/** Forward output and gradients of sum(op(...) * r) on the active backend. */
export const runDenseOp = (op: DenseOp, c: DenseCase): Float32Array[] =>
  arraysOf(() => {
    const xs = op.shapes(c).map((s, i) => tf.mul(tf.tensor(seededValues(sizeOf(s), c.seed + i), s), op.scale ?? 1));
    const y = op.f(...xs);
    const r = tf.tensor(seededValues(sizeOf(y.shape), c.seed + 99), y.shape);
    const n = op.differentiated ?? xs.length;
    const rest = xs.slice(n);
    if (n === 0) return [y];
    return [y, ...tf.grads((...as: tf.Tensor[]) => tf.sum(tf.mul(op.f(...as, ...rest), r)))(xs.slice(0, n))];
  });

const unary = (name: string, f: (x: tf.Tensor) => tf.Tensor, scale = 3): DenseOp => ({
  name,
  scale,
  shapes: (c) => [[c.n, c.m]],
  f,
});

/** A binary op; `broadcast` gives b one row (tfjs's Maximum, Minimum, SquaredDifference and Select gradients do not reduce over broadcast axes on any backend). */
const binary = (name: string, f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, broadcast = true): DenseOp => ({
  name,
  scale: 2,
  shapes: (c) => [[c.n, c.m], [broadcast ? 1 : c.n, c.m]],
  f,
});

/** matmul and fused matmul (BatchMatMul, _FusedMatMul), StrataAffine, strata's fused Normal ops, elementwise ops and reductions. */
export const denseOps: readonly DenseOp[] = [
  { name: 'matMul', shapes: (c) => [[c.n, c.k], [c.k, c.m]], f: (a, b) => tf.matMul(a, b) },
  { name: 'matMul transposeA', shapes: (c) => [[c.k, c.n], [c.k, c.m]], f: (a, b) => tf.matMul(a, b, true) },
  { name: 'matMul transposeB', shapes: (c) => [[c.n, c.k], [c.m, c.k]], f: (a, b) => tf.matMul(a, b, false, true) },
  { name: 'batched matMul', shapes: (c) => [[c.batch, c.n, c.k], [c.batch, c.k, c.m]], f: (a, b) => tf.matMul(a, b) },
  ...(['linear', 'relu', 'elu'] as const).map((activation): DenseOp => ({
    name: `fused matMul ${activation}`,
    shapes: (c) => [[c.n, c.k], [c.k, c.m], [c.m]],
    f: (a, b, bias) => tf.fused.matMul({ a, b, bias, activation }),
  })),
  ...(['linear', 'relu', 'elu'] as const).map((activation): DenseOp => ({
    name: `StrataAffine ${activation}`,
    shapes: (c) => [[c.n, c.k], [c.k, c.m], [c.m]],
    f: (x, w, b) => affine(x, w, b, activation),
  })),
  { name: 'normalLogDensity', shapes: (c) => [[c.n, c.m], [c.n, c.m], [c.n, c.m]], f: (x, loc, s) => normalLogDensity(x, loc, s) },
  { name: 'normalKl', shapes: (c) => [[c.n, c.m], [c.n, c.m], [c.n, c.m], [c.n, c.m]], f: (a, b, d, e) => normalKl(a, b, d, e) },
  { name: 'softplusLogScale', scale: 8, shapes: (c) => [[c.n, c.m]], f: (x) => softplusLogScale(x) },
  { name: 'reparameterize', differentiated: 2, shapes: (c) => [[c.n, c.m], [c.n, c.m], [c.n, c.m]], f: (l, s, e) => reparameterize(l, s, e) },
  unary('dropout (StrataDropout on native)', (x) => dropout(x, 0.3, 12345)),
  { name: 'sumOfSquares (StrataSumOfSquares on native)', differentiated: 0, shapes: (c) => [[c.n, c.m], [c.k]], f: (a, b) => sumOfSquares([a, b]) },
  {
    name: 'movingAverages (StrataMovingAverage on native)',
    differentiated: 0,
    shapes: (c) => [[c.n, c.m], [c.k], [c.n, c.m], [c.k]],
    f: (e1, e2, w1, w2) => tf.concat(movingAverages([e1, e2], [w1, w2], 0.9).map((t) => tf.reshape(t, [-1]))),
  },
  unary('exp', tf.exp),
  unary('log', (x) => tf.log(tf.add(tf.abs(x), 0.1))),
  unary('log1p', (x) => tf.log1p(tf.abs(x))),
  unary('softplus', tf.softplus, 30),
  unary('tanh', tf.tanh),
  unary('sigmoid', tf.sigmoid, 10),
  unary('elu', tf.elu),
  unary('relu', tf.relu),
  unary('square', tf.square),
  unary('sqrt', (x) => tf.sqrt(tf.add(tf.abs(x), 0.1))),
  unary('neg', tf.neg),
  unary('expm1', tf.expm1),
  unary('logSigmoid', tf.logSigmoid, 30),
  unary('logSoftmax', (x) => tf.logSoftmax(x), 30),
  unary('logSumExp (strata)', (x) => logSumExp(x, 1), 30),
  unary('sum axis 0', (x) => tf.sum(x, 0)),
  unary('sum axis 1', (x) => tf.sum(x, 1)),
  unary('mean', (x) => tf.mean(x, 0)),
  unary('max', (x) => tf.max(x, 1)),
  unary('moments variance', (x) => tf.moments(x, 0).variance),
  unary('transpose', (x) => tf.transpose(x)),
  unary('tile', (x) => tf.tile(x, [2, 3])),
  unary('slice', (x) => tf.slice(x, [0, Math.floor(x.shape[1]! / 2)], [x.shape[0]!, x.shape[1]! - Math.floor(x.shape[1]! / 2)])),
  unary('concat', (x) => tf.concat([x, tf.mul(x, 2)], 1)),
  unary('split', (x) => (x.shape[1]! > 1 ? tf.split(x, [1, x.shape[1]! - 1], 1)[1] : x)),
  unary('reshape + expandDims', (x) => tf.expandDims(tf.reshape(x, [-1]), 0)),
  binary('add', tf.add),
  binary('sub', tf.sub),
  binary('mul', tf.mul),
  binary('div', (a, b) => tf.div(a, tf.add(tf.abs(b), 0.5))),
  binary('maximum', tf.maximum, false),
  binary('minimum', tf.minimum, false),
  binary('squaredDifference', tf.squaredDifference, false),
  binary('where', (a, b) => tf.where(tf.less(tf.randomUniform(a.shape, 0, 1, 'float32', 5), 0.5), a, tf.mul(b, 3)), false),
];
