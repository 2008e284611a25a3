/**
 * The engine: Layer, symbolic tensors and graph nodes, Input, Model, Sequential,
 * the summary, and (de)serialization of layers and models.
 */
export { Layer, type LayerOptions, type CallOptions, type AddWeightOptions, type SymbolicInputs, type TensorInputs } from './layer.js';
export { InputSpec, type InputSpecOptions } from './input-spec.js';
export { KerasTensor, formatSymbolicShape, isKerasTensor, type SymbolicShape, type KerasHistory } from './keras-tensor.js';
export { Node } from './node.js';
export { InputLayer, Input, type InputOptions } from './input-layer.js';
export { Model, type ModelOptions, type FunctionalModelOptions } from './model.js';
export { Sequential } from './sequential.js';
export { FunctionalGraph } from './functional.js';
export { type SummaryOptions } from './summary.js';
export { type ShapeArg } from './shapes.js';
export { type WeightValue } from './weights.js';
export { type DTypeIdentifier } from './dtype-policy.js';
export { clearSession, uniqueName } from './names.js';
export { optionsFromConfig } from '../serialization/layer-options.js';
export { serializeLayer, deserializeLayer, registerKerasSerializable, type LayerClass } from '../serialization/layers.js';
export { type JsonObject, type JsonValue, type KerasObjectConfig } from '../serialization/json.js';
export { deserializeKerasObject, type KerasObject } from '../serialization/keras-object.js';
