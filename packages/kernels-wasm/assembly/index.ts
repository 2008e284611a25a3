/**
 * The kernels module: flat exported functions over numbers and pointers into
 * linear memory. There is no allocator in here (built with `--runtime stub`):
 * JS owns every byte above {@link heapBase} and passes pointers in.
 */
export { unaryF32, unaryI32, logicalNot } from './unary';
export { binaryF32, binaryI32, binaryBool } from './binary';
export { where32, where8 } from './where';
export { reduceF32, reduceI32, reduceBool } from './reduce';
export { matmul, matmulWorkspace } from './matmul';
export { stridedCopy32, stridedCopy8 } from './strided';
export { transposePlanes32 } from './transpose';
export { gather, scatterAdd } from './gather';
export { fill32, fill8, copyBytes, castF32ToI32, castI32ToF32, castF32ToBool, castI32ToBool, castBoolToF32, castBoolToI32 } from './convert';
export {
  conv2d, conv2dWorkspace, conv2dBackpropInput, conv2dBackpropInputWorkspace,
  conv2dBackpropFilter, conv2dBackpropFilterWorkspace,
} from './conv';
export { depthwiseConv2d, depthwiseConv2dBackpropInput, depthwiseConv2dBackpropFilter } from './depthwise';
export { maxPool, maxPoolGrad, avgPool, avgPoolGrad } from './pool';
export { softmax, logSoftmax } from './softmax';
export { softmaxCrossentropy, softmaxCrossentropyGrad } from './crossentropy';
export { adamUpdate } from './adam';
export { sgdUpdate } from './sgd';
export { rmspropUpdate } from './rmsprop';
export { adagradUpdate } from './adagrad';
export { adamaxUpdate } from './adamax';
export { nadamUpdate } from './nadam';
export { activationGrad } from './activation';
export { activationBiasGrad, activationBiasGradWorkspace } from './bias-grad';
export { normWorkspace } from './normalize';
export { layerNorm, layerNormGrad } from './layer-norm';
export { batchNorm, batchNormGrad, batchNormInference } from './batch-norm';
export { setPool, runTask } from './parallel';

/** First byte past the module's static data: where the JS allocator may start. */
export function heapBase(): usize {
  return __heap_base;
}

/** Features this build was compiled with: bit 0 relaxed SIMD, bit 1 threads (shared memory). */
export function buildFeatures(): i32 {
  return (ASC_FEATURE_RELAXED_SIMD ? 1 : 0) | (ASC_FEATURE_THREADS ? 2 : 0);
}
