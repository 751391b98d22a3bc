/**
 * Size bounds `validate` enforces, so that no accepted spec runs out of
 * memory building its parameters and no check takes time proportional to a
 * layer count. Each bound is checked from the spec's numbers alone (layer
 * counts before any net is compiled, parameter counts as products of
 * declared shapes), and an exceeded bound is a SpecError of kind `size`
 * naming the node and the number. Raise a bound with
 * `validate(spec, { limits: { maxParameters: 2 ** 30 } })`.
 */
import type { NetSpec } from './nets/net.js';
import type { ParamDecl } from './nets/net.js';
import { sizeOf, showShape, type Shape } from './shape.js';
import { specError, type SpecError } from './spec-error.js';

/** The bounds; every field is an inclusive maximum. */
export interface Limits {
  /** Layers of one net (resnet `layers`, mlp and embedding `hidden` lengths). Default 1,000. */
  readonly maxLayers: number;
  /** Elements of one event: a node's shape, a net's output, a layer's width. Default 2^24 (16.7 M). */
  readonly maxElements: number;
  /** Trainable numbers of one node's nets, and of the whole model. Default 2^28 (268 M, 1 GiB of float32). */
  readonly maxParameters: number;
}

/** The default bounds (see {@link Limits}). */
export const DEFAULT_LIMITS: Limits = { maxLayers: 1000, maxElements: 2 ** 24, maxParameters: 2 ** 28 };

const HINT = 'raise it with validate(spec, { limits })';

/** A `size` error if `shape` holds more than `limits.maxElements` elements. */
export const shapeSizeErrors = (node: string, what: string, shape: Shape, limits: Limits): SpecError[] =>
  sizeOf(shape) > limits.maxElements
    ? [specError('size', node, `${what} ${showShape(shape)} has ${sizeOf(shape)} elements, above the bound of ${limits.maxElements}; ${HINT}`)]
    : [];

/** Bounds on a net's own numbers (layer counts, widths), checked before it is compiled. */
export const netSizeErrors = (node: string, net: NetSpec | undefined, limits: Limits): SpecError[] => {
  if (net === undefined) return [];
  const layers = net.kind === 'resnet' ? net.layers : net.kind === 'lstm' || net.kind === 'lstmEncoder' ? 1 : net.hidden.length;
  const widths: [string, number][] =
    net.kind === 'resnet' ? [['filters', net.filters], ['kernel', net.kernel * net.kernel], ['upsample', net.upsample * net.upsample], ['stride', net.stride]]
      : net.kind === 'lstm' ? [['embed', net.embed], ['hidden', 4 * net.hidden]]
        : net.kind === 'lstmEncoder' ? [['vocabulary', net.vocabulary], ['embed', net.embed], ['hidden', 4 * net.hidden]]
          : net.kind === 'embedding' ? [['vocabulary', net.vocabulary], ['dim', net.dim], ...net.hidden.map((h): [string, number] => ['hidden', h])]
            : net.hidden.map((h): [string, number] => ['hidden', h]);
  const errors: SpecError[] = [];
  if (layers > limits.maxLayers) errors.push(specError('size', node, `a ${net.kind} of ${layers} layers is above the bound of ${limits.maxLayers} layers; ${HINT}`));
  const wide = widths.find(([, w]) => w > limits.maxElements);
  if (wide !== undefined) errors.push(specError('size', node, `a ${net.kind} ${wide[0]} of ${wide[1]} is above the bound of ${limits.maxElements} elements; ${HINT}`));
  return errors;
};

/** Number of trainable numbers declared by `params`. */
export const countParameters = (params: readonly ParamDecl[]): number => params.reduce((a, p) => a + sizeOf(p.shape), 0);

/** A `size` error if the nets of `node` declare more than `limits.maxParameters` numbers. */
export const parameterSizeErrors = (node: string, params: readonly ParamDecl[], limits: Limits): SpecError[] => {
  const count = countParameters(params);
  return count > limits.maxParameters
    ? [specError('size', node, `its nets have ${count} parameters, above the bound of ${limits.maxParameters}; ${HINT}`)]
    : [];
};
