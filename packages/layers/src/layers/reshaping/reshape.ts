/**
 * Reshape: gives each sample a new shape (one size may be -1, inferred).
 */
import { ops, type DType, type Tensor } from '@keras/core';
import { formatSymbolicShape, type SymbolicShape } from '../../engine/keras-tensor.js';
import { Layer, type LayerOptions } from '../../engine/layer.js';
import { optionsFromConfig } from '../../serialization/layer-options.js';
import type { JsonObject } from '../../serialization/json.js';

/** `new Reshape([4, -1])`: (batch, ...) -> (batch, 4, n / 4). */
export class Reshape extends Layer {
  static override readonly className: string = 'Reshape';
  /** The target shape of one sample; at most one -1. */
  readonly targetShape: readonly number[];

  /** `new Reshape(targetShape, options)`. */
  constructor(targetShape: readonly number[], options: LayerOptions = {}) {
    super(options);
    if (!Array.isArray(targetShape) || targetShape.some((d) => !Number.isInteger(d) || (d < 0 && d !== -1))) {
      throw new RangeError(`Reshape '${this.name}': targetShape must be a list of non-negative integers with at most one -1, received ${JSON.stringify(targetShape)}.`);
    }
    if (targetShape.filter((d) => d === -1).length > 1) {
      throw new RangeError(`Reshape '${this.name}': there must be at most one unknown dimension (-1) in targetShape, received ${JSON.stringify(targetShape)}.`);
    }
    this.targetShape = Object.freeze([...targetShape]);
  }

  /**
   * The sample shape for an input sample shape, resolving -1 (Keras'
   * `compute_reshape_output_shape`); null where the input size is unknown.
   */
  private resolve(sampleShape: SymbolicShape): (number | null)[] {
    const known = this.targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const unknownInput = sampleShape.some((d) => d === null);
    const inputSize = unknownInput ? null : (sampleShape as number[]).reduce((a, b) => a * b, 1);
    const unknownIndex = this.targetShape.indexOf(-1);
    const mismatch = (): RangeError =>
      new RangeError(
        `Reshape '${this.name}': the total size of the tensor must be unchanged. Received: input_shape=${formatSymbolicShape(sampleShape)}, ` +
          `target_shape=${formatSymbolicShape(this.targetShape)}.`,
      );
    if (unknownIndex < 0) {
      if (inputSize !== null && inputSize !== known) throw mismatch();
      return [...this.targetShape];
    }
    if (inputSize !== null && (known === 0 || inputSize % known !== 0)) throw mismatch();
    const out: (number | null)[] = [...this.targetShape];
    out[unknownIndex] = inputSize === null ? null : inputSize / known;
    return out;
  }

  /** Reshapes each sample to the target shape. */
  call(inputs: Tensor): Tensor {
    return ops.reshape(inputs, [inputs.shape[0]!, ...(this.resolve(inputs.shape.slice(1)) as number[])]);
  }

  /** (batch, ...targetShape) with -1 resolved. */
  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [inputShape[0] ?? null, ...this.resolve(inputShape.slice(1))];
  }

  /** The input's dtype (reshaping keeps it). */
  override computeOutputDtype(inputDtypes: readonly DType[]): DType {
    return inputDtypes[0] ?? this.dtype;
  }

  /** `{ ..., target_shape }`. */
  override getConfig(): JsonObject {
    return { ...super.getConfig(), target_shape: [...this.targetShape] };
  }

  /** A Reshape layer from its config. */
  static override fromConfig(config: JsonObject): Reshape {
    return new Reshape(config['target_shape'] as number[], optionsFromConfig(config, 'Reshape'));
  }
}
