/**
 * Embedding: maps integer indices to dense vectors (rows of a trainable table).
 */
import { ops, type Tensor, type Variable } from '@keras/core';
import type { SymbolicShape } from '../../engine/keras-tensor.js';
import { Layer, type LayerOptions } from '../../engine/layer.js';
import { optionsFromConfig } from '../../serialization/layer-options.js';
import * as initializers from '../../initializers/index.js';
import * as regularizers from '../../regularizers/index.js';
import type { JsonObject } from '../../serialization/json.js';

/** Options of {@link Embedding}. */
export interface EmbeddingOptions extends LayerOptions {
  /** Default 'uniform' (RandomUniform in [-0.05, 0.05]). */
  embeddingsInitializer?: initializers.InitializerIdentifier;
  /** Penalty on the table. */
  embeddingsRegularizer?: regularizers.RegularizerIdentifier;
  /** Masking of index 0 is not supported; only false is accepted. */
  maskZero?: boolean;
}

/** `new Embedding(1000, 64)`: integer inputs of any shape -> float vectors, one more axis of size `outputDim`. */
export class Embedding extends Layer {
  static override readonly className: string = 'Embedding';
  /** Vocabulary size (largest index + 1). */
  readonly inputDim: number;
  /** Size of each vector. */
  readonly outputDim: number;
  /** Initializer of the table. */
  readonly embeddingsInitializer: initializers.Initializer;
  /** Penalty on the table, or null. */
  readonly embeddingsRegularizer: regularizers.Regularizer | null;
  /** The (inputDim, outputDim) table, once built. */
  embeddings: Variable | undefined;

  /** `new Embedding(inputDim, outputDim, options)`. */
  constructor(inputDim: number, outputDim: number, options: EmbeddingOptions = {}) {
    super(options);
    for (const [name, value] of [['inputDim', inputDim], ['outputDim', outputDim]] as const) {
      if (!Number.isInteger(value) || value <= 0) throw new RangeError(`Embedding: ${name} must be a positive integer, received ${value}.`);
    }
    if (options.maskZero) throw new Error(`Embedding '${this.name}': maskZero is not supported (masking is not implemented); pad with an index your model can learn to ignore.`);
    this.inputDim = inputDim;
    this.outputDim = outputDim;
    this.embeddingsInitializer = initializers.get(options.embeddingsInitializer ?? 'uniform')!;
    this.embeddingsRegularizer = regularizers.get(options.embeddingsRegularizer);
  }

  /** Creates the table. */
  override build(): void {
    this.embeddings = this.addWeight({
      name: 'embeddings', shape: [this.inputDim, this.outputDim], initializer: this.embeddingsInitializer, regularizer: this.embeddingsRegularizer,
    });
  }

  /** Gathers table rows (float inputs are truncated to int32 first). */
  call(inputs: Tensor): Tensor {
    const indices = inputs.dtype === 'int32' ? inputs : ops.cast(inputs, 'int32');
    return ops.take(this.embeddings!, indices, { axis: 0 });
  }

  /** The input shape plus (outputDim,). */
  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [...inputShape, this.outputDim];
  }

  /** Keras' Embedding config. */
  override getConfig(): JsonObject {
    return {
      ...super.getConfig(),
      input_dim: this.inputDim,
      output_dim: this.outputDim,
      embeddings_initializer: initializers.serialize(this.embeddingsInitializer),
      embeddings_regularizer: regularizers.serialize(this.embeddingsRegularizer),
      activity_regularizer: regularizers.serialize(this.activityRegularizer),
      embeddings_constraint: null,
      mask_zero: false,
    };
  }

  /** An Embedding layer from its config. */
  static override fromConfig(config: JsonObject): Embedding {
    return new Embedding(config['input_dim'] as number, config['output_dim'] as number, optionsFromConfig(config, 'Embedding') as EmbeddingOptions);
  }
}
