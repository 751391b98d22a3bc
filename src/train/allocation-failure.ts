/**
 * Allocation failures: the wasm backend's heap stops at 4 GiB (32-bit wasm
 * memory) and the native backend's tensors live there too, so a batch too
 * large for it fails in one of several ways, which commands turn into one
 * line naming the flag that lowers it (--batch, --chunk, --n).
 */

/**
 * True when `e` is an allocation failure: wasm's "memory access out of
 * bounds", a failed buffer or array allocation (a RangeError), or an
 * out-of-memory abort, including the bare `Aborted()` of tfjs's release
 * wasm build, which aborts so when its malloc fails, and a native kernel
 * handed the null array of a failed allocation ("allocation failed").
 */
export const isAllocationFailure = (e: unknown): boolean => {
  const message = e instanceof Error ? e.message : String(e);
  return /memory access out of bounds|out of memory|\boom\b|cannot enlarge memory|allocation failed|invalid (typed )?array length|^Aborted\(\)/i.test(message);
};
