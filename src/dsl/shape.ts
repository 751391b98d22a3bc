/**
 * Event shapes of nodes. A dense node has shape [d]; a feature map or image
 * has shape [h, w, c]; a token sequence has shape [T]. Values carry a leading
 * sample axis N (N = K * B once importance samples are drawn).
 */
export type Shape = readonly number[];

/** Number of elements of one event of the given shape. */
export const sizeOf = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);

/** True when the shape is a feature map [h, w, c]. */
export const isMap = (shape: Shape): boolean => shape.length === 3;

/** Human-readable rendering of a shape, e.g. `[28, 28, 1]`. */
export const showShape = (shape: Shape): string => `[${shape.join(', ')}]`;

/** True when both shapes have the same rank and extents. */
export const sameShape = (a: Shape, b: Shape): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);
