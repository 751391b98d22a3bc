import { embeddingLookup } from '../../ops/embedding-lookup.js';
import { compileMlp } from './mlp.js';
import { mlp, type CompiledNet, type EmbeddingSpec } from './net.js';
import { showShape, type Shape } from '../shape.js';
import { NetError } from '../spec-error.js';

/** Compiles a token embedding over one parent of token ids [T], then its dense layers. */
export const compileEmbedding = (spec: EmbeddingSpec, inputShapes: readonly Shape[], prefix: string, maxElements = Infinity): CompiledNet => {
  if (inputShapes.length !== 1 || inputShapes[0].length !== 1) {
    throw new Error(`an embedding reads exactly one parent of token ids [T], got ${inputShapes.map(showShape).join(', ')}`);
  }
  const steps = inputShapes[0][0];
  if (steps * spec.dim > maxElements) {
    throw new NetError('size', `an embedding of ${steps} tokens x ${spec.dim} units (${steps * spec.dim} elements) is above the bound of ${maxElements}; raise it with validate(spec, { limits })`);
  }
  const after = compileMlp(mlp(spec.hidden, { activation: 'elu' }), [[steps * spec.dim]], prefix);
  return {
    outputShape: after.outputShape,
    params: [{ name: `${prefix}/embedding`, shape: [spec.vocabulary, spec.dim], init: 'glorot' }, ...after.params],
    apply: (get, [ids], ctx) => {
      const n = ids.shape[0];
      const embedded = embeddingLookup(get(`${prefix}/embedding`), ids.flatten()).reshape([n, steps * spec.dim]);
      return after.apply(get, [embedded], ctx);
    },
  };
};
