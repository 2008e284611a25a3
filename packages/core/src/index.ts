/**
 * `@keras/core`: tensors, ops, autodiff, memory scopes, the Backend interface and registry, seeded RNG.
 */
export type { DType, TypedArray } from './dtype.js';
export { DTYPES, bytesPerElement, checkDType, upcast, makeTypedArray } from './dtype.js';
export type { Shape } from './shape.js';
export { sizeOf, stridesOf, formatShape, broadcastShapes, normalizeAxis, normalizeAxes } from './shape.js';
export type { Backend, BackendMemory, BackendInfo } from './backend/backend.js';
export type * from './backend/kernels.js';
export { REQUIRED_KERNELS } from './backend/kernels.js';
export { broadcastStrides, collapse, isFlat, type StridedBox } from './backend/strides.js';
export { registerBackend, registeredBackends, setBackend, startBackend, useBackend, ready, getBackend, activeBackendName } from './backend/registry.js';
export { Tensor, Variable, type NestedArray } from './tensor.js';
export { memory, kernel, hasKernel, isDataShared, type MemoryInfo } from './engine.js';
export { tidy, scope, keep, dispose, AsyncScope } from './memory.js';
export { valueAndGradients, grad, valueAndGrad, stopGradient, type ValueAndGradients } from './autodiff.js';
export { record, isWatched, type Backward } from './tape.js';
export {
  tensor, convertToTensor, empty, fromTypedArray, full, zeros, ones, fullLike, zerosLike, onesLike, eye, arange, linspace,
  type TensorLike, type NestedValues, type TensorOptions,
} from './create.js';
export * as ops from './ops/index.js';
export * as random from './random/index.js';
