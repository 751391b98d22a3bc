/**
 * What a WebGPU adapter is, from its GPUAdapterInfo: a real GPU, or a
 * software or fallback adapter (Mesa llvmpipe, lavapipe, softpipe, Chromium's
 * SwiftShader, Microsoft's Basic Render Driver), which is fine for
 * correctness and never for speed. Dawn reports llvmpipe with
 * isFallbackAdapter false, so the names decide as well as the flag. Pure:
 * usable in Node and in the browser.
 */

/** The fields of GPUAdapterInfo that strata reads (all optional: older implementations lack some). */
export interface AdapterInfoLike {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}

/** An adapter as strata reports it. */
export interface AdapterReport {
  /** One line naming the adapter, e.g. `llvmpipe-llvm-15-0-6-256-bits (OpenGL ES 3.2 Mesa 22.3.6)`. */
  readonly label: string;
  /** True for fallback and software adapters. */
  readonly software: boolean;
  /** Why it counts as software (empty for a real GPU). */
  readonly why: string;
}

/** Names of software rasterisers and drivers as adapters report them (lower case). */
export const softwareAdapterNames: readonly string[] = ['llvmpipe', 'lavapipe', 'softpipe', 'swiftshader', 'microsoft basic render', 'software'];

/** The adapter's one-line label: device or architecture, vendor, and description. */
export const adapterLabel = (info: AdapterInfoLike): string => {
  const name = [info.device, info.architecture, info.vendor].filter((s) => s !== undefined && s !== '').join(' / ') || 'unnamed adapter';
  return info.description !== undefined && info.description !== '' ? `${name} (${info.description})` : name;
};

/** Classifies `info`: software when it is a fallback adapter or any of its names is a software driver's. */
export const classifyAdapter = (info: AdapterInfoLike): AdapterReport => {
  const label = adapterLabel(info);
  if (info.isFallbackAdapter === true) return { label, software: true, why: 'a fallback adapter' };
  const text = [info.vendor, info.architecture, info.device, info.description].join(' ').toLowerCase();
  const hit = softwareAdapterNames.find((name) => text.includes(name));
  return hit === undefined ? { label, software: false, why: '' } : { label, software: true, why: `a software adapter (${hit})` };
};
