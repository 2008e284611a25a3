/**
 * What Dense and the convolutions share: a kernel, an optional bias, an activation, and
 * the initializers and penalties of both weights (Keras' arguments and config keys).
 */
import type { FusedActivation, Tensor, Variable } from '@keras/core';
import * as activations from '../activations/index.js';
import { Layer, type LayerOptions } from '../engine/layer.js';
import * as initializers from '../initializers/index.js';
import * as regularizers from '../regularizers/index.js';
import type { JsonObject } from '../serialization/json.js';

/** Options of a layer with a kernel and a bias (Keras' arguments in camelCase, with Keras' defaults). */
export interface KernelLayerOptions extends LayerOptions {
  /** Activation applied to the output; default none (linear). */
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

/** Activations the fused matmul and conv2d kernels apply in their store. */
const FUSED = new Map<activations.Activation, FusedActivation>([
  [activations.linear, 'linear'],
  [activations.relu, 'relu'],
  [activations.sigmoid, 'sigmoid'],
  [activations.tanh, 'tanh'],
]);

/** What a fused kernel call adds in its store: the layer's bias, if any, and an activation. */
export interface KernelEpilogue {
  /** The layer's bias, absent with `useBias: false`. */
  bias?: Tensor;
  /** The layer's activation when the kernels fuse it, else 'linear'. */
  activation: FusedActivation;
}

/** A layer computing `activation(f(inputs, kernel) + bias)`: the options, weights and config Dense and BaseConv share. */
export abstract class KernelLayer extends Layer {
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
  /** The kernel, once built. */
  kernel: Variable | undefined;
  /** The bias (one value per output channel), once built; null without bias. */
  bias: Variable | null = null;

  /** Resolves the shared options. */
  protected constructor(options: KernelLayerOptions) {
    super(options);
    this.activation = activations.get(options.activation);
    this.useBias = options.useBias ?? true;
    this.kernelInitializer = initializers.get(options.kernelInitializer ?? 'glorot_uniform')!;
    this.biasInitializer = initializers.get(options.biasInitializer ?? 'zeros')!;
    this.kernelRegularizer = regularizers.get(options.kernelRegularizer);
    this.biasRegularizer = regularizers.get(options.biasRegularizer);
  }

  /** Creates the kernel of `kernelShape` and, with `useBias`, a bias of `units` values. */
  protected addKernelAndBias(kernelShape: readonly number[], units: number): void {
    this.kernel = this.addWeight({ name: 'kernel', shape: [...kernelShape], initializer: this.kernelInitializer, regularizer: this.kernelRegularizer });
    if (this.useBias) this.bias = this.addWeight({ name: 'bias', shape: [units], initializer: this.biasInitializer, regularizer: this.biasRegularizer });
  }

  /**
   * `activation(product(epilogue))` where `product` is one fused kernel call (matmulT,
   * fusedConv) given the bias and the activation to apply in its store: the bias always,
   * the activation when the kernels fuse it (else, e.g. softmax, applied after).
   */
  protected fusedCall(product: (epilogue: KernelEpilogue) => Tensor): Tensor {
    const fused = FUSED.get(this.activation);
    const y = product({ activation: fused ?? 'linear', ...(this.bias ? { bias: this.bias } : {}) });
    return fused === undefined ? this.activation(y) : y;
  }

  /** The config keys of the shared options, from `activation` to `bias_regularizer`, in Keras' order. */
  protected kernelConfig(): JsonObject {
    return {
      activation: activations.serialize(this.activation),
      use_bias: this.useBias,
      kernel_initializer: initializers.serialize(this.kernelInitializer),
      bias_initializer: initializers.serialize(this.biasInitializer),
      kernel_regularizer: regularizers.serialize(this.kernelRegularizer),
      bias_regularizer: regularizers.serialize(this.biasRegularizer),
    };
  }
}
