import { beforeAll, describe, expect, it } from 'vitest';
import { tensor, tidy } from '@keras/core';
import { liveCounts } from '@keras/core/testing';
import { Input, layers } from '../src/index.js';
import { featureMoments, layerNormRef, normalizeRef } from './reference.js';
import { checkLayerGradients, expectClose, fromValues, randomValues, setupBackend, values } from './helpers.js';

beforeAll(setupBackend);

describe('BatchNormalization', () => {
  it('in training normalizes with batch statistics and moves the moving averages', () => {
    const layer = new layers.BatchNormalization({ momentum: 0.9, gammaInitializer: 'random_normal', betaInitializer: 'random_normal' });
    const x = randomValues(4 * 3 * 2, 31, -2, 3);
    const y = layer.apply(fromValues(x, [4, 3, 2]), { training: true });
    const { mean, variance } = featureMoments(x, 2);
    const gamma = values(layer.gamma!);
    const beta = values(layer.beta!);
    expectClose(values(y), normalizeRef(x, 2, mean, variance, 1e-3, gamma, beta), 1e-5);
    expectClose(values(layer.movingMean!), Array.from(mean, (m) => 0.1 * m), 1e-6);
    expectClose(values(layer.movingVariance!), Array.from(variance, (v) => 0.9 + 0.1 * v), 1e-6);
    y.dispose();
  });

  it('at inference uses the moving statistics and leaves them alone', () => {
    const layer = new layers.BatchNormalization({ movingMeanInitializer: 'random_uniform', movingVarianceInitializer: 'ones' });
    const x = randomValues(5 * 3, 32);
    const y = layer.apply(fromValues(x, [5, 3]));
    const movingMean = values(layer.movingMean!);
    expectClose(values(y), normalizeRef(x, 3, movingMean, [1, 1, 1], 1e-3), 1e-5);
    expectClose(values(layer.movingMean!), movingMean, 0);
    y.dispose();
  });

  it('a frozen layer runs in inference mode even when training', () => {
    const layer = new layers.BatchNormalization();
    const x = fromValues(randomValues(6, 3), [3, 2]);
    layer.trainable = false;
    tidy(() => layer.apply(x, { training: true }));
    expectClose(values(layer.movingMean!), [0, 0], 0);
    expect(layer.trainableWeights).toEqual([]);
    expect(layer.nonTrainableWeights).toHaveLength(4);
    x.dispose();
  });

  it('has trainable gamma/beta and non-trainable moving statistics, in Keras order', () => {
    const layer = new layers.BatchNormalization();
    layer.apply(Input({ shape: [4] }));
    expect(layer.weights.map((w) => w.name.split('/')[1])).toEqual(['gamma', 'beta', 'moving_mean', 'moving_variance']);
    expect(layer.trainableWeights).toHaveLength(2);
    expect(layer.nonTrainableWeights).toHaveLength(2);
    expect(layer.countParams()).toBe(16);
  });

  it('training gradients match finite differences', () => {
    const layer = new layers.BatchNormalization({ betaInitializer: 'random_normal', gammaInitializer: 'random_normal' });
    checkLayerGradients(layer, randomValues(8, 5), [4, 2], ([gamma, beta], x) => {
      const { mean, variance } = featureMoments(x, 2);
      return normalizeRef(x, 2, mean, variance, 1e-3, gamma, beta);
    }, { tol: 2e-3 });
  });

  it('supports another feature axis', () => {
    const layer = new layers.BatchNormalization({ axis: 1 });
    const y = layer.apply(Input({ shape: [3, 5] }));
    expect(y.shape).toEqual([null, 3, 5]);
    expect(layer.gamma!.shape).toEqual([3]);
  });
});

describe('LayerNormalization', () => {
  it('normalizes each sample over its last axis', () => {
    const layer = new layers.LayerNormalization({ gammaInitializer: 'random_normal', betaInitializer: 'random_normal' });
    const x = randomValues(3 * 4, 41, -3, 2);
    const y = layer.apply(fromValues(x, [3, 4]));
    expectClose(values(y), layerNormRef(x, 4, 1e-3, values(layer.gamma!), values(layer.beta!)), 1e-5);
    y.dispose();
  });

  it('gradients match finite differences', () => {
    const layer = new layers.LayerNormalization({ betaInitializer: 'random_normal', gammaInitializer: 'random_normal' });
    checkLayerGradients(layer, randomValues(6, 6), [2, 3], ([gamma, beta], x) => layerNormRef(x, 3, 1e-3, gamma, beta), { tol: 2e-3 });
  });

  it('normalizes over several axes', () => {
    const layer = new layers.LayerNormalization({ axis: [1, 2], center: false, scale: false });
    const x = randomValues(2 * 2 * 3, 42);
    const y = layer.apply(fromValues(x, [2, 2, 3]));
    expectClose(values(y), layerNormRef(x, 6, 1e-3), 1e-5);
    expect(layer.weights).toHaveLength(0);
    y.dispose();
  });
});

describe('Normalization', () => {
  it('adapt learns per-feature mean and variance', () => {
    const layer = new layers.Normalization();
    const data = randomValues(10 * 3, 51, -5, 5);
    layer.adapt(fromValues(data, [10, 3]));
    const { mean, variance } = featureMoments(data, 3);
    expectClose(values(layer.adaptMean!), mean, 1e-5);
    expectClose(values(layer.adaptVariance!), variance, 1e-5);
    const y = layer.apply(fromValues(data, [10, 3]));
    expectClose(values(y), data.map((v, i) => (v - mean[i % 3]!) / Math.sqrt(variance[i % 3]!)), 1e-4);
    expect(layer.nonTrainableWeights).toHaveLength(2);
    y.dispose();
  });

  it('adapt accepts nested arrays, and fixed statistics broadcast', () => {
    const adapted = new layers.Normalization();
    adapted.adapt([[1, 10], [3, 30]]);
    expectClose(values(adapted.adaptMean!), [2, 20]);
    const fixed = new layers.Normalization({ mean: 2, variance: 4 });
    const x = tensor([[4, 6], [0, 2]]);
    const y = fixed.apply(x);
    expectClose(values(y), [1, 2, -1, 0]);
    const inverse = new layers.Normalization({ mean: [1, 2], variance: [4, 9], invert: true });
    const z = inverse.apply(x);
    expectClose(values(z), [9, 20, 1, 8]);
    for (const t of [x, y, z]) t.dispose();
    fixed.dispose();
    inverse.dispose();
  });

  it('requires both mean and variance', () => {
    expect(() => new layers.Normalization({ mean: 1 })).toThrow(/both mean and variance/);
  });

  it('adapt leaks nothing', () => {
    const layer = new layers.Normalization();
    const data = fromValues(randomValues(12), [4, 3]);
    layer.adapt(data);
    const before = liveCounts().tensors;
    layer.adapt(data);
    expect(liveCounts().tensors).toBe(before);
    data.dispose();
  });
});

describe('Rescaling', () => {
  it('computes x * scale + offset in float32', () => {
    const layer = new layers.Rescaling(1 / 255, { offset: -1 });
    const x = tensor([[0, 255], [51, 102]], { dtype: 'int32' });
    const y = layer.apply(x);
    expect(y.dtype).toBe('float32');
    expectClose(values(y), [-1, 0, -0.8, -0.6], 1e-6);
    const perChannel = new layers.Rescaling([1, 2]).apply(x);
    expectClose(values(perChannel), [0, 510, 51, 204]);
    for (const t of [x, y, perChannel]) t.dispose();
  });
});
