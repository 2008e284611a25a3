/**
 * `layers`: Keras 3's built-in layers.
 */
export { InputLayer, Input, type InputOptions } from '../engine/input-layer.js';
export { Layer, type LayerOptions, type CallOptions } from '../engine/layer.js';
export { Dense, type DenseOptions } from './core/dense.js';
export { Activation } from './core/activation.js';
export { Embedding, type EmbeddingOptions } from './core/embedding.js';
export { Dropout, type DropoutOptions } from './regularization/dropout.js';
export { Flatten } from './reshaping/flatten.js';
export { Reshape } from './reshaping/reshape.js';
export { Normalization, type NormalizationOptions, type Statistic } from './preprocessing/normalization.js';
export { Rescaling, type RescalingOptions, type RescaleValue } from './preprocessing/rescaling.js';
export { BaseConv, Conv1D, Conv2D, type ConvOptions } from './convolutional/conv.js';
export { MaxPooling1D, MaxPooling2D, AveragePooling1D, AveragePooling2D, type PoolingOptions } from './pooling/pooling.js';
export {
  GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D, type GlobalPoolingOptions,
} from './pooling/global-pooling.js';
export { BatchNormalization, type BatchNormalizationOptions } from './normalization/batch-normalization.js';
export { LayerNormalization, type LayerNormalizationOptions } from './normalization/layer-normalization.js';
export { Add, Multiply } from './merging/merge.js';
export { Concatenate, type ConcatenateOptions } from './merging/concatenate.js';
