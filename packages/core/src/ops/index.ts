/**
 * The `ops` namespace: Keras 3's `keras.ops`, in camelCase. One folder per family.
 */
export * from './elementwise/index.js';
export * from './reduction/index.js';
export * from './shape/index.js';
export * from './linalg/index.js';
export * from './nn/index.js';
export { convertToTensor, zeros, ones, full, zerosLike, onesLike, fullLike, eye, arange, linspace } from '../create.js';
export { stopGradient } from '../autodiff.js';
