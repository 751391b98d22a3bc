import type { Shape } from '../shape.js';

/**
 * A distribution family declared on a node: data, not code. The conditional
 * net of the node outputs the family's parameters; `paramShape` says their
 * layout for one event.
 */
export type Distribution =
  | NormalSpec
  | BernoulliSpec
  | CategoricalSpec
  | DiscretizedLogisticSpec;

/** Diagonal Normal over an event of `shape`; the scale goes through `scale`. */
export interface NormalSpec {
  readonly family: 'normal';
  readonly shape: Shape;
  /** 'softplus' (default): sigma = softplus(raw) + e^-10. 'exp': sigma = exp(clamp(raw, -20, 20) / 2), raw a log-variance. */
  readonly scale: 'softplus' | 'exp';
}

/** Independent Bernoulli variables on logits, one per element of `shape`. */
export interface BernoulliSpec {
  readonly family: 'bernoulli';
  readonly shape: Shape;
}

/**
 * Independent Categorical variables on logits over `classes` values, one per
 * element of `shape` ([] for a single label, [T] for a token sequence). Where
 * `padId` is set, elements equal to it are masked out of the log-density.
 */
export interface CategoricalSpec {
  readonly family: 'categorical';
  readonly shape: Shape;
  readonly classes: number;
  readonly padId?: number;
}

/**
 * Mixture of `mixtures` discretized logistics over 8-bit pixels (Salimans et
 * al. 2017, PixelCNN++), per pixel of an [h, w, c] image with values 0..255.
 * Channels are independent given the mixture component.
 */
export interface DiscretizedLogisticSpec {
  readonly family: 'discretizedLogistic';
  readonly shape: Shape;
  readonly mixtures: number;
}

/** Shape of the parameters of one event: what a net must output for the family. */
export const paramShape = (d: Distribution): Shape => {
  const last = d.shape.length === 0 ? 1 : d.shape[d.shape.length - 1];
  const init = d.shape.slice(0, -1);
  switch (d.family) {
    case 'normal':
      return [...init, 2 * last];
    case 'bernoulli':
      return d.shape.length === 0 ? [1] : d.shape;
    case 'categorical':
      return [...d.shape, d.classes];
    case 'discretizedLogistic':
      return [...init, d.mixtures * (1 + 2 * last)];
  }
};

/** Diagonal Normal, scale through softplus by default. */
export const normal = (shape: Shape, options: { scale?: 'softplus' | 'exp' } = {}): NormalSpec => ({
  family: 'normal',
  shape,
  scale: options.scale ?? 'softplus',
});

/** Bernoulli on logits. */
export const bernoulli = (shape: Shape): BernoulliSpec => ({ family: 'bernoulli', shape });

/** Categorical on logits over `classes` values per element of `shape`. */
export const categorical = (classes: number, shape: Shape = [], options: { padId?: number } = {}): CategoricalSpec => ({
  family: 'categorical',
  shape,
  classes,
  ...(options.padId === undefined ? {} : { padId: options.padId }),
});

/** Discretized logistic mixture over 8-bit [h, w, c] images. */
export const discretizedLogistic = (shape: Shape, mixtures = 10): DiscretizedLogisticSpec => ({
  family: 'discretizedLogistic',
  shape,
  mixtures,
});
