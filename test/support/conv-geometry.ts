/**
 * Random convolution geometries for property tests, shared by the
 * differential suite (test/differential/kernels-conv.test.ts) and the
 * kernel tests (test/backend/kernels/conv-case.ts): batch, map, channels,
 * kernel and stride sizes drawn between 1 and the given bounds, and a seed
 * for the values.
 */
import fc from 'fast-check';

/** One geometry: input [n, h, w, c], filter [kh, kw, c, k], steps (strides or dilations) [sh, sw], value seed. */
export interface ConvGeometry {
  readonly n: number;
  readonly h: number;
  readonly w: number;
  readonly c: number;
  readonly k: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly seed: number;
}

/** Inclusive upper bounds of each size (lower bounds are 1). */
export interface ConvGeometryBounds {
  readonly batch: number;
  /** Input height and width. */
  readonly map: number;
  /** Input channels c and output channels (or depthwise multiplier) k. */
  readonly channels: number;
  readonly kernel: number;
  /** Strides or dilations per axis. */
  readonly step: number;
}

const upTo = (max: number): fc.Arbitrary<number> => fc.integer({ min: 1, max });

/** The fields of a geometry as arbitraries, to spread into an fc.record with a test's own fields (padding, strided). */
export const convGeometryFields = (b: ConvGeometryBounds): { readonly [K in keyof ConvGeometry]: fc.Arbitrary<number> } => ({
  n: upTo(b.batch),
  h: upTo(b.map),
  w: upTo(b.map),
  c: upTo(b.channels),
  k: upTo(b.channels),
  kh: upTo(b.kernel),
  kw: upTo(b.kernel),
  sh: upTo(b.step),
  sw: upTo(b.step),
  seed: fc.nat(1_000_000),
});
