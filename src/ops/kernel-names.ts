/**
 * Names of strata's own kernels (ops with no tfjs counterpart), kept apart
 * from their native implementations so that the core (src/dsl) can ask
 * whether a kernel is registered without importing a backend, as tfjs-core
 * keeps its kernel_names.ts apart from the backends (ARCHITECTURE.md).
 */

/** Inverted dropout with strata's seeded mask (attrs { rate, seed }); native/src/dropout.h implements it. */
export const StrataDropout = 'StrataDropout';
