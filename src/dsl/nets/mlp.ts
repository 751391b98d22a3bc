import { maybeDropout } from './activation.js';
import { concatFlat, flatSize } from './inputs.js';
import { denseActivated, denseParams } from './layers.js';
import type { CompiledNet, MlpSpec, ParamDecl } from './net.js';
import type { Shape } from '../shape.js';
import { deriveSeed } from '../../random/prng.js';

/** Compiles an MLP over the flattened concatenation of its parents. */
export const compileMlp = (spec: MlpSpec, inputShapes: readonly Shape[], prefix: string): CompiledNet => {
  const sizes = [flatSize(inputShapes), ...spec.hidden];
  const params: ParamDecl[] = spec.hidden.flatMap((units, i) => denseParams(`${prefix}/dense${i}`, sizes[i], units, spec.weightNorm));
  return {
    outputShape: [sizes[sizes.length - 1]],
    params,
    apply: (get, inputs, ctx) =>
      spec.hidden.reduce(
        (x, _units, i) =>
          maybeDropout(
            denseActivated(get, `${prefix}/dense${i}`, x, spec.weightNorm, spec.activation),
            spec.dropout,
            ctx.training,
            deriveSeed(ctx.seed, i),
          ),
        concatFlat(inputs),
      ),
  };
};
