/**
 * Entry of the threaded builds (kernels-mt.wasm, and kernels-relaxed-mt.wasm
 * with relaxed SIMD on top): the same kernels compiled
 * against an imported shared memory, so worker threads can run row ranges of
 * the same kernels on the same tensors.
 */
export * from './index';
