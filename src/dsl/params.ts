import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import type { Model } from './model.js';
import { HEAD_GAIN, type ParamDecl } from './nets/net.js';
import { sizeOf } from './shape.js';
import { deriveSeed, prng } from '../random/prng.js';

/**
 * The explicit parameter store of a model: one tf.Variable per parameter
 * name (`<net key>/<layer>/<param>`). A net shared by p and q appears once.
 */
export type ParamStore = ReadonlyMap<string, tf.Variable>;

/** Glorot-uniform limit sqrt(6 / (fan_in + fan_out)) of a weight shape. */
const glorotLimit = (shape: readonly number[]): number => {
  const receptive = shape.length > 2 ? sizeOf(shape.slice(0, -2)) : 1;
  const fanIn = (shape.length >= 2 ? shape[shape.length - 2] : shape[0]) * receptive;
  const fanOut = shape[shape.length - 1] * receptive;
  return Math.sqrt(6 / (fanIn + fanOut));
};

const initialValue = (decl: ParamDecl, seed: number, values: Map<string, Float32Array>): Float32Array => {
  const n = sizeOf(decl.shape);
  const init = decl.init;
  if (init === 'zeros') return new Float32Array(n);
  if (init === 'ones') return new Float32Array(n).fill(1);
  if (init === 'glorot' || init === 'head') {
    const rng = prng(seed);
    const limit = glorotLimit(decl.shape) * (init === 'head' ? HEAD_GAIN : 1);
    return Float32Array.from({ length: n }, () => (2 * rng.next() - 1) * limit);
  }
  const source = values.get(init.normOf);
  if (source === undefined) throw new Error(`initParams: '${decl.name}' is the norm of '${init.normOf}', which is not declared before it`);
  const out = new Float32Array(n);
  for (let i = 0; i < source.length; i++) out[i % n] += source[i] * source[i];
  const scale = init.scale ?? 1;
  return out.map((v) => scale * Math.sqrt(v));
};

/**
 * Creates every parameter of `model` from `seed`: Glorot-uniform weights,
 * zero biases, weight-norm gains equal to the initial weight norms (so the
 * initial effective weights are the Glorot draws).
 */
export const initParams = (model: Model, seed: number): ParamStore => {
  const values = new Map<string, Float32Array>();
  const store = new Map<string, tf.Variable>();
  model.params.forEach((decl, i) => {
    const value = initialValue(decl, deriveSeed(seed, i), values);
    values.set(decl.name, value);
    const initial = tf.tensor(value, [...decl.shape]);
    store.set(decl.name, tf.variable(initial, true));
    initial.dispose();
  });
  return store;
};

/** A lookup of parameters by name that fails with the missing name. */
export const lookup =
  (store: ParamStore) =>
  (name: string): tf.Variable => {
    const v = store.get(name);
    if (v === undefined) throw new Error(`parameter '${name}' is not in the store`);
    return v;
  };

/** Total number of scalar parameters. */
export const parameterCount = (store: ParamStore): number => [...store.values()].reduce((a, v) => a + v.size, 0);

/** Disposes every variable of the store. */
export const disposeParams = (store: ParamStore): void => store.forEach((v) => v.dispose());

/** The store's weights in the tfjs weight encoding, with the manifest (names, shapes, dtypes). */
export const encodeParams = async (store: ParamStore): Promise<{ specs: tf.io.WeightsManifestEntry[]; data: ArrayBuffer }> => {
  const named = [...store.entries()].map(([name, tensor]) => ({ name, tensor }));
  const { data, specs } = await tf.io.encodeWeights(named);
  return { data, specs };
};

/**
 * Loads encoded weights into the store, after checking the manifest against
 * the model: every parameter present with its shape, nothing extra. Returns
 * the list of mismatches instead of loading anything when they disagree.
 */
export const decodeParamsInto = (
  store: ParamStore,
  specs: readonly tf.io.WeightsManifestEntry[],
  data: ArrayBuffer,
): E.Either<string[], void> => {
  const problems: string[] = [];
  const byName = new Map(specs.map((s) => [s.name, s]));
  for (const [name, v] of store) {
    const s = byName.get(name);
    if (s === undefined) problems.push(`missing weight '${name}'`);
    else if (s.shape.length !== v.shape.length || s.shape.some((d, i) => d !== v.shape[i])) {
      problems.push(`weight '${name}' has shape [${s.shape.join(', ')}], the model expects [${v.shape.join(', ')}]`);
    }
  }
  for (const s of specs) if (!store.has(s.name)) problems.push(`unexpected weight '${s.name}'`);
  const expectedBytes = specs.reduce((a, s) => a + sizeOf(s.shape) * 4, 0);
  if (data.byteLength !== expectedBytes) problems.push(`weight data has ${data.byteLength} bytes, the manifest describes ${expectedBytes}`);
  if (problems.length > 0) return E.left(problems);
  const decoded = tf.io.decodeWeights(data, [...specs]);
  for (const [name, t] of Object.entries(decoded)) {
    store.get(name)?.assign(t);
    t.dispose();
  }
  return E.right(undefined);
};
