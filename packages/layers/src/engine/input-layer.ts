/**
 * InputLayer and `Input()`: the entry point of a functional model, producing the
 * first KerasTensor.
 */
import { checkDType, type DType, type Tensor } from '@keras/core';
import type { JsonObject } from '../serialization/json.js';
import { KerasTensor, type SymbolicShape } from './keras-tensor.js';
import { Layer } from './layer.js';
import { Node } from './node.js';

/** Options of {@link Input} and {@link InputLayer}. */
export interface InputOptions {
  /** The shape of one sample (without the batch size); `null` marks unknown sizes. */
  shape?: SymbolicShape;
  /** A fixed batch size; unknown (`null`) by default. */
  batchSize?: number | null;
  /** The full shape including the batch size; alternative to `shape` + `batchSize`. */
  batchShape?: SymbolicShape;
  /** The dtype of the input data; default float32. */
  dtype?: DType | string;
  /** The layer's name; default `input_layer`, `input_layer_1`, ... */
  name?: string;
  /** Sparse inputs are not supported; only false is accepted. */
  sparse?: boolean;
}

/** The layer behind `Input()`: it has no weights and passes its input through. */
export class InputLayer extends Layer {
  static override readonly className: string = 'InputLayer';
  /** The full input shape, batch size first (`null` when unknown). */
  readonly batchShape: SymbolicShape;
  /** The symbolic tensor this layer produces. */
  readonly output: KerasTensor;

  /** `new InputLayer({ shape: [8] })`; usually made through `Input()`. */
  constructor(options: InputOptions = {}) {
    const dtype = checkDType(options.dtype ?? 'float32', 'InputLayer');
    super({ ...(options.name !== undefined ? { name: options.name } : {}), dtype });
    if (options.sparse) throw new Error(`InputLayer '${this.name}': sparse inputs are not supported.`);
    if (options.batchShape && options.shape) throw new Error(`InputLayer '${this.name}': pass either shape or batchShape, not both.`);
    const shape = options.batchShape ?? (options.shape ? [options.batchSize ?? null, ...options.shape] : undefined);
    if (!shape) throw new Error(`InputLayer '${this.name}': a shape is required, e.g. Input({ shape: [8] }).`);
    this.batchShape = Object.freeze([...shape]);
    this.built = true;
    this.output = new KerasTensor(this.batchShape, dtype);
    new Node(this, [], [this.output], false);
  }

  /** Passes the input through. */
  call(inputs: Tensor): Tensor {
    return inputs;
  }

  /** The input shape itself. */
  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return inputShape;
  }

  /** The input's dtype. */
  override computeOutputDtype(): DType {
    return this.dtype;
  }

  /** Keras 3's InputLayer config: `{ batch_shape, dtype, sparse, ragged, name }`. */
  override getConfig(): JsonObject {
    return { batch_shape: [...this.batchShape], dtype: this.dtype, sparse: false, ragged: false, name: this.name };
  }

  /** An InputLayer from its config (also reads Keras 2's `batch_input_shape`). */
  static override fromConfig(config: JsonObject): InputLayer {
    const batchShape = (config['batch_shape'] ?? config['batch_input_shape']) as SymbolicShape;
    return new InputLayer({ batchShape, dtype: config['dtype'] as string, name: config['name'] as string });
  }
}

/**
 * A symbolic input (Keras' `keras.Input`): `Input({ shape: [8] })` is a KerasTensor of
 * shape (None, 8) to call layers on and to pass to `new Model({ inputs, outputs })`.
 */
export function Input(options: InputOptions): KerasTensor {
  return new InputLayer(options).output;
}
