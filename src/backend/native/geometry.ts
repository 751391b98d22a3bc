/**
 * Convolution geometry in the packed int32 form the addon reads (the field
 * order of ConvGeometry in native/src/conv.h), computed by tfjs itself.
 */
import { backend_util } from '@tensorflow/tfjs-core';

type Shape4 = [number, number, number, number];

/** The attributes every Conv2D-family kernel shares. */
export interface ConvAttrs {
  readonly strides: [number, number] | number;
  readonly pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  readonly dataFormat: 'NHWC' | 'NCHW';
  readonly dilations?: [number, number] | number;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** A convolution's tfjs description and its packed form. */
export interface Geometry {
  readonly info: backend_util.Conv2DInfo;
  readonly packed: Int32Array;
}

/**
 * The geometry of an NHWC convolution of `inShape` by `filterShape`, or
 * undefined for NCHW (which the kernels hand to the wasm fallback).
 */
export function convGeometry(inShape: readonly number[], filterShape: readonly number[],
  attrs: ConvAttrs): Geometry | undefined {
  if (attrs.dataFormat !== 'NHWC') return undefined;
  const info = backend_util.computeConv2DInfo(inShape as Shape4, filterShape as Shape4,
    attrs.strides, attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode, false,
    'channelsLast');
  const packed = Int32Array.of(info.batchSize, info.inHeight, info.inWidth, info.inChannels,
    info.filterHeight, info.filterWidth, info.outChannels, info.outHeight, info.outWidth,
    info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
    info.padInfo.top, info.padInfo.left);
  return { info, packed };
}
