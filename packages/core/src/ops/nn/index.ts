/**
 * Neural-network ops (Keras 3's `keras.ops.nn`): activations, softmax, convolution,
 * pooling, normalization and crossentropy.
 */
export { relu, relu6, leakyRelu, elu, selu, gelu, sigmoid, hardSigmoid, softplus, softsign, silu, swish, logSigmoid, hardSilu, hardSwish } from './activations.js';
export { softmax, logSoftmax, type SoftmaxOptions } from './softmax.js';
export { conv, depthwiseConv, separableConv, fusedConv, type FusedConvOptions } from './conv.js';
export { convTranspose, type ConvTransposeOptions } from './conv-transpose.js';
export type { ConvOptions, Padding, DataFormat, SpatialArg } from './conv-geometry.js';
export { maxPool, averagePool, type PoolOptions } from './pooling.js';
export { moments, batchNormalization, fusedBatchNormalization, normalize, type BatchNormalizationOptions, type NormalizeOptions } from './normalization.js';
export { layerNormalization, type LayerNormalizationOptions } from './layer-normalization.js';
export {
  binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy,
  type BinaryCrossentropyOptions, type CategoricalCrossentropyOptions,
} from './crossentropy.js';
