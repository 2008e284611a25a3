/**
 * Dense: `activation(inputs @ kernel + bias)`, the fully connected layer.
 */
import { ops, type Tensor } from '@keras/core';
import { InputSpec } from '../../engine/input-spec.js';
import { formatSymbolicShape, type SymbolicShape } from '../../engine/keras-tensor.js';
import { optionsFromConfig } from '../../serialization/layer-options.js';
import type { JsonObject } from '../../serialization/json.js';
import { floatInput } from '../float-input.js';
import { KernelLayer, type KernelEpilogue, type KernelLayerOptions } from '../kernel-layer.js';

/** Options of {@link Dense} (Keras' arguments in camelCase, with Keras' defaults). */
export type DenseOptions = KernelLayerOptions;

/**
 * The densely connected layer: output = activation(inputs @ kernel + bias), applied on
 * the last axis for inputs of any rank >= 2, with an (inputDim, units) kernel and a
 * (units,) bias. `new Dense(64, { activation: 'relu' })`.
 */
export class Dense extends KernelLayer {
  static override readonly className: string = 'Dense';
  /** Size of the output's last axis. */
  readonly units: number;

  /** `new Dense(units, options)`. */
  constructor(units: number, options: DenseOptions = {}) {
    super(options);
    if (!Number.isInteger(units) || units <= 0) {
      throw new RangeError(`Dense: received an invalid value for units, expected a positive integer. Received: units=${units}.`);
    }
    this.units = units;
    this.inputSpec = new InputSpec({ minNdim: 2 });
  }

  /** Creates the kernel (inputDim, units) and bias (units,). */
  override build(inputShape: SymbolicShape): void {
    const inputDim = inputShape[inputShape.length - 1];
    if (inputDim === null || inputDim === undefined) {
      throw new RangeError(`Dense '${this.name}': the last dimension of the inputs must be defined, received shape ${formatSymbolicShape(inputShape)}.`);
    }
    this.addKernelAndBias([inputDim, this.units], this.units);
    this.inputSpec = new InputSpec({ minNdim: 2, axes: { [-1]: inputDim } });
  }

  /** inputs @ kernel + bias, then the activation: one fused kernel call (see {@link KernelLayer.fusedCall}). */
  call(inputs: Tensor): Tensor {
    const x = floatInput(inputs);
    return this.fusedCall((epilogue) => this.fusedMatmul(x, epilogue));
  }

  /** `x @ kernel` with the epilogue, as one 2-D kernel call (N-D inputs fold their leading axes into rows). */
  private fusedMatmul(x: Tensor, options: KernelEpilogue): Tensor {
    const kernel = this.kernel!;
    if (x.rank === 2) return ops.matmulT(x, kernel, options);
    const inputDim = kernel.shape[0]!;
    const rows = ops.reshape(x, [x.size / inputDim, inputDim]);
    return ops.reshape(ops.matmulT(rows, kernel, options), [...x.shape.slice(0, -1), this.units]);
  }

  /** The input shape with its last axis replaced by `units`. */
  override computeOutputShape(inputShape: SymbolicShape): SymbolicShape {
    return [...inputShape.slice(0, -1), this.units];
  }

  /** Keras' Dense config. */
  override getConfig(): JsonObject {
    return {
      ...super.getConfig(),
      units: this.units,
      ...this.kernelConfig(),
      kernel_constraint: null,
      bias_constraint: null,
    };
  }

  /** A Dense layer from its config. */
  static override fromConfig(config: JsonObject): Dense {
    return new Dense(config['units'] as number, optionsFromConfig(config, 'Dense') as DenseOptions);
  }
}
