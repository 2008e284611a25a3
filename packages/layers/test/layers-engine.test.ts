import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ops, tensor, type Tensor } from '@keras/core';
import { liveCounts } from '@keras/core/testing';
import { clearSession, Input, InputSpec, KerasTensor, Layer, layers, type CallOptions } from '../src/index.js';
import { expectClose, setupBackend, values } from './helpers.js';

beforeAll(setupBackend);
beforeEach(() => clearSession());

describe('names', () => {
  it('are unique per class, snake_case, and reset by clearSession', () => {
    expect([new layers.Dense(1).name, new layers.Dense(1).name, new layers.Dense(1, { name: 'head' }).name, new layers.Dense(1).name]).toEqual([
      'dense', 'dense_1', 'head', 'dense_2',
    ]);
    expect(new layers.Conv2D(1, 1).name).toBe('conv2d');
    expect(new layers.MaxPooling2D().name).toBe('max_pooling2d');
    expect(new layers.GlobalAveragePooling1D().name).toBe('global_average_pooling1d');
    expect(new layers.BatchNormalization().name).toBe('batch_normalization');
    expect(Input({ shape: [1] }).history!.layer.name).toBe('input_layer');
    clearSession();
    expect(new layers.Dense(1).name).toBe('dense');
  });
});

describe('symbolic calls', () => {
  it('carry shapes and dtypes and record nodes without computing', () => {
    const x = Input({ shape: [8] });
    expect(x).toBeInstanceOf(KerasTensor);
    expect(x.shape).toEqual([null, 8]);
    expect(String(x)).toBe('<KerasTensor shape=(None, 8), dtype=float32, name=input_layer>');
    const dense = new layers.Dense(4);
    const before = liveCounts().tensors;
    const y = dense.apply(x);
    expect(y.shape).toEqual([null, 4]);
    expect(y.history).toEqual({ layer: dense, nodeIndex: 0, tensorIndex: 0 });
    expect(dense.inboundNodes[0]!.inputs[0]).toBe(x);
    // Only the weights were created.
    expect(liveCounts().tensors - before).toBe(2);
    expect(Input({ shape: [3], batchSize: 5, dtype: 'int32' })).toMatchObject({ shape: [5, 3], dtype: 'int32' });
  });

  it('report shape errors at definition, naming the layer and both shapes', () => {
    const dense = new layers.Dense(3, { name: 'scorer' });
    dense.apply(Input({ shape: [8] }));
    expect(() => dense.apply(Input({ shape: [5] }))).toThrow(/layer "scorer".*expected axis -1 of input shape to have value 8.*\(None, 5\)/);
    expect(() => new layers.Dense(2).apply(Input({ batchShape: [4] }))).toThrow(/expected min_ndim=2, found ndim=1/);
    expect(() => new layers.Dense(2).apply([Input({ shape: [2] }), tensor([1])] as never)).toThrow(/not mixed/);
  });

  it('InputSpec checks rank bounds and axes', () => {
    const spec = new InputSpec({ minNdim: 2, maxNdim: 3, axes: { 1: 4 } });
    expect(() => spec.check([null, 4], 'l')).not.toThrow();
    expect(() => spec.check([null, 4, 2, 2], 'l')).toThrow(/max_ndim=3/);
    expect(() => spec.check([null, 5], 'l', 1)).toThrow(/Input 1 of layer "l".*axis 1.*value 4/);
  });
});

describe('weights', () => {
  it('trainable flag moves weights between lists and propagates to nested layers', () => {
    const dense = new layers.Dense(2);
    dense.apply(Input({ shape: [3] }));
    expect(dense.trainableWeights).toHaveLength(2);
    dense.trainable = false;
    expect(dense.trainableWeights).toHaveLength(0);
    expect(dense.nonTrainableWeights).toHaveLength(2);
    expect(dense.weights.every((w) => !w.trainable)).toBe(true);
    dense.trainable = true;
    expect(dense.trainableWeights).toHaveLength(2);
    const frozen = new layers.Dense(2, { trainable: false });
    frozen.apply(Input({ shape: [3] }));
    expect(frozen.trainableWeights).toHaveLength(0);
  });

  it('getWeights copies; setWeights validates and assigns copies', () => {
    const dense = new layers.Dense(2);
    expect(() => dense.countParams()).toThrow(/isn't built/);
    dense.apply(Input({ shape: [3] }));
    expect(dense.countParams()).toBe(8);
    const before = dense.getWeights();
    dense.setWeights([[[1, 2], [3, 4], [5, 6]], new Float32Array([7, 8])]);
    expectClose(values(dense.kernel!), [1, 2, 3, 4, 5, 6]);
    expect(Array.from(values(before[0]!))).not.toEqual([1, 2, 3, 4, 5, 6]);
    const source = tensor([0.5, 0.25]);
    dense.setWeights([before[0]!, source]);
    source.dispose();
    expectClose(values(dense.bias!), [0.5, 0.25]);
    expect(() => dense.setWeights([before[0]!])).toThrow(/length 1, but it was expecting 2/);
    expect(() => dense.setWeights([tensor([[1, 2, 3], [4, 5, 6]]), before[1]!])).toThrow(/shape \(3, 2\).*\(2, 3\)/);
    for (const t of before) t.dispose();
  });

  it('dispose frees the weights', () => {
    const start = liveCounts().tensors;
    const dense = new layers.Dense(2);
    dense.apply(Input({ shape: [3] }));
    expect(liveCounts().tensors).toBe(start + 2);
    dense.dispose();
    expect(liveCounts().tensors).toBe(start);
  });
});

/** A custom layer as users write them: weights in build, math in call, nested layers as properties. */
class Scale extends Layer {
  static override readonly className = 'Scale';
  readonly inner = new layers.Dense(2, { kernelInitializer: 'ones', useBias: false });
  factor: Tensor | undefined;

  override build(inputShape: readonly (number | null)[]): void {
    this.factor = this.addWeight({ name: 'factor', shape: [1], initializer: 'ones' });
    this.inner.build(inputShape);
  }

  call(x: Tensor, options: CallOptions): Tensor {
    expect(options.training).toBe(true);
    return ops.multiply(this.inner.apply(x), this.factor!);
  }

  override computeOutputShape(shape: readonly (number | null)[]): readonly (number | null)[] {
    return [...shape.slice(0, -1), 2];
  }
}

describe('custom layers', () => {
  it('track nested layers, build once, and pass training down', () => {
    const layer = new Scale();
    expect(layer.name).toBe('scale');
    layer.apply(Input({ shape: [3] }));
    expect(layer.weights.map((w) => w.name)).toEqual(['scale/factor', `${layer.inner.name}/kernel`]);
    layer.build([null, 3]);
    expect(layer.weights).toHaveLength(2);
    const y = layer.apply(tensor([[1, 2, 3]]), { training: true });
    expectClose(values(y), [6, 6]);
    y.dispose();
  });
});
