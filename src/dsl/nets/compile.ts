import { concatFlat, flatSize } from './inputs.js';
import { compileHead } from './head.js';
import { compileEmbedding } from './embedding.js';
import { compileLstm } from './lstm.js';
import { compileLstmEncoder } from './lstm-encoder.js';
import { compileMlp } from './mlp.js';
import type { CompiledNet, NetSpec } from './net.js';
import { compileResnet } from './resnet.js';
import { paramShape, type Distribution } from '../distributions/distribution.js';
import { isMap, type Shape } from '../shape.js';
import { NetError } from '../spec-error.js';
import { DEFAULT_LIMITS } from '../limits.js';

/** The body of a net with no layers: the parents concatenated flat. */
const identity = (inputShapes: readonly Shape[]): CompiledNet => ({
  outputShape: [flatSize(inputShapes)],
  params: [],
  apply: (_get, inputs) => concatFlat(inputs),
});

/**
 * Compiles the body of a net (no output head) for the given parent shapes.
 * Throws an Error whose message states the shape problem (a NetError of
 * kind `size` when a feature map would exceed `maxElements`); validation
 * turns it into a SpecError naming the node.
 */
export const compileBody = (net: NetSpec | undefined, inputShapes: readonly Shape[], prefix: string, maxElements = DEFAULT_LIMITS.maxElements): CompiledNet => {
  if (net === undefined) return identity(inputShapes);
  switch (net.kind) {
    case 'mlp':
      return compileMlp(net, inputShapes, prefix);
    case 'resnet':
      return compileResnet(net, inputShapes, prefix, maxElements);
    case 'embedding':
      return compileEmbedding(net, inputShapes, prefix, maxElements);
    case 'lstmEncoder':
      return compileLstmEncoder(net, inputShapes, prefix, maxElements);
    case 'lstm':
      throw new NetError('params', 'an lstm net only parameterizes a Categorical token sequence, not a deterministic node');
  }
};

/** Chains two compiled nets: the second reads the first's output. */
const chain = (body: CompiledNet, head: CompiledNet): CompiledNet => ({
  outputShape: head.outputShape,
  params: [...body.params, ...head.params],
  apply: (get, inputs, ctx) => head.apply(get, [body.apply(get, inputs, ctx)], ctx),
});

/**
 * Compiles the net of a conditional p(n | parents) or q(n | parents): body,
 * then a head to the distribution's parameters, weight-normalized like the
 * body (ResNets, weight-normalized MLPs) or when it reads feature maps. An lstm net is its own head
 * and needs a Categorical node of shape [T]; it is told the Categorical's PAD id, if any,
 * so that it computes no logits for PAD positions.
 */
export const compileConditional = (
  net: NetSpec | undefined,
  inputShapes: readonly Shape[],
  dist: Distribution,
  prefix: string,
  maxElements = DEFAULT_LIMITS.maxElements,
): CompiledNet => {
  if (net?.kind === 'lstm') {
    if (dist.family !== 'categorical' || dist.shape.length !== 1) {
      throw new NetError('params', `an lstm net needs a Categorical token sequence of shape [T], got ${dist.family} of shape [${dist.shape.join(', ')}]`);
    }
    return compileLstm(net, inputShapes, dist.shape[0], dist.classes, prefix, dist.padId);
  }
  const body = compileBody(net, inputShapes, prefix, maxElements);
  const normalized = net?.kind === 'resnet' || (net?.kind === 'mlp' && net.weightNorm) || inputShapes.some(isMap);
  return chain(body, compileHead(body.outputShape, paramShape(dist), prefix, normalized));
};
