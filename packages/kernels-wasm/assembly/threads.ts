/**
 * Entry of the threaded build (kernels-mt.wasm): the same kernels compiled
 * against an imported shared memory, so worker threads can run row ranges of
 * the same kernels on the same tensors.
 */
export * from './index';
