/**
 * Dense: `activation(inputs @ kernel + bias)`, the fully connected layer.
 */
import { ops, type FusedActivation, type Tensor, type Variable } from '@keras/core';
import * as activations from '../../activations/index.js';
import { InputSpec } from '../../engine/input-spec.js';
import { formatSymbolicShape, type SymbolicShape } from '../../engine/keras-tensor.js';
import { Layer, type LayerOptions } from '../../engine/layer.js';
import { optionsFromConfig } from '../../serialization/layer-options.js';
import * as initializers from '../../initializers/index.js';
import * as regularizers from '../../regularizers/index.js';
import type { JsonObject } from '../../serialization/json.js';
import { floatInput } from '../float-input.js';

/** Options of {@link Dense} (Keras' arguments in camelCase, with Keras' defaults). */
export interface DenseOptions extends LayerOptions {
  /** Activation after the affine map; default none (linear). */
  activation?: activations.ActivationIdentifier;
  /** Whether to add a bias; default true. */
  useBias?: boolean;
  /** Default 'glorot_uniform'. */
  kernelInitializer?: initializers.InitializerIdentifier;
  /** Default 'zeros'. */
  biasInitializer?: initializers.InitializerIdentifier;
  /** Penalty on the kernel. */
  kernelRegularizer?: regularizers.RegularizerIdentifier;
  /** Penalty on the bias. */
  biasRegularizer?: regularizers.RegularizerIdentifier;
}

/** Activations the fused matmul kernel applies in its epilogue. */
const FUSED = new Map<activations.Activation, FusedActivation>([
  [activations.linear, 'linear'],
  [activations.relu, 'relu'],
  [activations.sigmoid, 'sigmoid'],
  [activations.tanh, 'tanh'],
]);

/**
 * The densely connected layer: output = activation(inputs @ kernel + bias), applied on
 * the last axis for inputs of any rank >= 2. `new Dense(64, { activation: 'relu' })`.
 */
export class Dense extends Layer {
  static override readonly className: string = 'Dense';
  /** Size of the output's last axis. */
  readonly units: number;
  /** The activation function. */
  readonly activation: activations.Activation;
  /** Whether a bias is added. */
  readonly useBias: boolean;
  /** Initializer of the kernel. */
  readonly kernelInitializer: initializers.Initializer;
  /** Initializer of the bias. */
  readonly biasInitializer: initializers.Initializer;
  /** Penalty on the kernel, or null. */
  readonly kernelRegularizer: regularizers.Regularizer | null;
  /** Penalty on the bias, or null. */
  readonly biasRegularizer: regularizers.Regularizer | null;
  /** The (inputDim, units) kernel, once built. */
  kernel: Variable | undefined;
  /** The (units,) bias, once built (null without bias). */
  bias: Variable | null = null;

  /** `new Dense(units, options)`. */
  constructor(units: number, options: DenseOptions = {}) {
    super(options);
    if (!Number.isInteger(units) || units <= 0) {
      throw new RangeError(`Dense: received an invalid value for units, expected a positive integer. Received: units=${units}.`);
    }
    this.units = units;
    this.activation = activations.get(options.activation);
    this.useBias = options.useBias ?? true;
    this.kernelInitializer = initializers.get(options.kernelInitializer ?? 'glorot_uniform')!;
    this.biasInitializer = initializers.get(options.biasInitializer ?? 'zeros')!;
    this.kernelRegularizer = regularizers.get(options.kernelRegularizer);
    this.biasRegularizer = regularizers.get(options.biasRegularizer);
    this.inputSpec = new InputSpec({ minNdim: 2 });
  }

  /** Creates the kernel (inputDim, units) and bias (units,). */
  override build(inputShape: SymbolicShape): void {
    const inputDim = inputShape[inputShape.length - 1];
    if (inputDim === null || inputDim === undefined) {
      throw new RangeError(`Dense '${this.name}': the last dimension of the inputs must be defined, received shape ${formatSymbolicShape(inputShape)}.`);
    }
    this.kernel = this.addWeight({ name: 'kernel', shape: [inputDim, this.units], initializer: this.kernelInitializer, regularizer: this.kernelRegularizer });
    if (this.useBias) this.bias = this.addWeight({ name: 'bias', shape: [this.units], initializer: this.biasInitializer, regularizer: this.biasRegularizer });
    this.inputSpec = new InputSpec({ minNdim: 2, axes: { [-1]: inputDim } });
  }

  /** inputs @ kernel + bias, then the activation; one fused kernel call when the activation allows it. */
  call(inputs: Tensor): Tensor {
    const x = floatInput(inputs);
    const kernel = this.kernel!;
    const fused = FUSED.get(this.activation);
    if (fused === undefined) {
      const y = ops.matmul(x, kernel);
      return this.activation(this.bias ? ops.add(y, this.bias) : y);
    }
    const options = { activation: fused, ...(this.bias ? { bias: this.bias } : {}) };
    if (x.rank === 2) return ops.matmulT(x, kernel, options);
    // N-D inputs: fold the leading axes into rows, run the fused 2-D kernel, unfold.
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
      activation: activations.serialize(this.activation),
      use_bias: this.useBias,
      kernel_initializer: initializers.serialize(this.kernelInitializer),
      bias_initializer: initializers.serialize(this.biasInitializer),
      kernel_regularizer: regularizers.serialize(this.kernelRegularizer),
      bias_regularizer: regularizers.serialize(this.biasRegularizer),
      kernel_constraint: null,
      bias_constraint: null,
    };
  }

  /** A Dense layer from its config. */
  static override fromConfig(config: JsonObject): Dense {
    return new Dense(config['units'] as number, optionsFromConfig(config, 'Dense') as DenseOptions);
  }
}
