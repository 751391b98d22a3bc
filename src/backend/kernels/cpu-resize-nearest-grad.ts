/**
 * ResizeNearestNeighborGrad for the cpu backend.
 *
 * tfjs-backend-cpu 4.22's kernel reads dy at the images' batch offset
 * (b * H W C instead of b * OH OW C), so for a batch of more than one image
 * and any resize that changes the size, every image after the first gets
 * the gradient of the wrong rows (1214 of 1218 scanned geometries wrong on
 * batch 2; wasm and native are right). This kernel is the exact transpose of
 * the cpu forward kernel: every dy pixel is added to the input pixel the
 * forward pass read it from (same source-index rounding, alignCorners and
 * halfPixelCenters included).
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

/** The part of the cpu backend this kernel uses. */
interface CpuBackend {
  readonly data: { get(dataId: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

/**
 * The input index the forward kernel reads for each of `outSize` output
 * indices along an axis of `inSize` (tfjs-backend-cpu's rounding).
 */
export const nearestSources = (inSize: number, outSize: number, alignCorners: boolean, halfPixelCenters: boolean): Int32Array => {
  const effectiveIn = alignCorners && outSize > 1 ? inSize - 1 : inSize;
  const effectiveOut = alignCorners && outSize > 1 ? outSize - 1 : outSize;
  const ratio = effectiveIn / effectiveOut;
  return Int32Array.from({ length: outSize }, (_, o) => {
    const frac = halfPixelCenters ? ratio * (o + 0.5) : ratio * o;
    const nearest = Math.min(inSize - 1, alignCorners ? Math.round(frac) : Math.floor(frac));
    return halfPixelCenters ? Math.max(0, nearest) : nearest;
  });
};

const resizeNearestNeighborGrad: KernelFunc = ({ inputs, backend, attrs }) => {
  const { images, dy } = inputs as { images: TensorInfo; dy: TensorInfo };
  const { alignCorners, halfPixelCenters } = attrs as { alignCorners?: boolean; halfPixelCenters?: boolean };
  const cpu = backend as unknown as CpuBackend;
  const [batch, height, width, channels] = images.shape;
  const [, outHeight, outWidth] = dy.shape;
  const rows = nearestSources(height, outHeight, alignCorners === true, halfPixelCenters === true);
  const cols = nearestSources(width, outWidth, alignCorners === true, halfPixelCenters === true);
  const dyValues = cpu.data.get(dy.dataId).values as Float32Array;
  const dx = new Float32Array(batch * height * width * channels);
  let from = 0;
  for (let b = 0; b < batch; b += 1) {
    for (let r = 0; r < outHeight; r += 1) {
      const rowBase = (b * height + rows[r]) * width;
      for (let c = 0; c < outWidth; c += 1) {
        const to = (rowBase + cols[c]) * channels;
        for (let d = 0; d < channels; d += 1) dx[to + d] += dyValues[from++];
      }
    }
  }
  return cpu.makeTensorInfo([...images.shape], 'float32', dx);
};

/** Registration record of the cpu ResizeNearestNeighborGrad. */
export const cpuResizeNearestNeighborGradConfig: KernelConfig = {
  kernelName: 'ResizeNearestNeighborGrad',
  backendName: 'cpu',
  kernelFunc: resizeNearestNeighborGrad,
};
