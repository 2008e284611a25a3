import { beforeAll, describe, expect, it } from 'vitest';
import { ops, tensor, tidy, valueAndGradients } from '@keras/core';
import { liveCounts } from '@keras/core/testing';
import { Input, Model, layers, regularizers } from '../src/index.js';
import { expectClose, setupBackend, values } from './helpers.js';

beforeAll(setupBackend);

describe('regularizers', () => {
  it('compute Keras penalties with Keras defaults', () => {
    const x = tensor([[1, -2], [3, -4]]);
    const penalty = (r: regularizers.Regularizer): number => {
      const t = r.call(x);
      const v = values(t)[0]!;
      t.dispose();
      return v;
    };
    expect(penalty(regularizers.get('l1')!)).toBeCloseTo(0.1, 6);
    expect(penalty(regularizers.get('l2')!)).toBeCloseTo(0.3, 6);
    expect(penalty(new regularizers.L1L2(0.5, 0.1))).toBeCloseTo(5 + 3, 5);
    expect(penalty(regularizers.get('l1_l2')!)).toBe(0);
    expect(penalty(regularizers.get('l1L2')!)).toBe(0);
    x.dispose();
  });

  it('validate factors and serialize as Keras 3', () => {
    expect(() => new regularizers.L2(-1)).toThrow(/non-negative/);
    expect(regularizers.serialize(new regularizers.L2(0.001))).toEqual({ module: 'keras.regularizers', class_name: 'L2', config: { l2: 0.001 }, registered_name: null });
    const back = regularizers.deserialize({ module: 'keras.regularizers', class_name: 'L1L2', config: { l1: 0.1, l2: 0.2 }, registered_name: null });
    expect(back).toBeInstanceOf(regularizers.L1L2);
    expect(back.getConfig()).toEqual({ l1: 0.1, l2: 0.2 });
  });

  it('layers report weight and activity penalties; gradients flow through them', () => {
    const input = Input({ shape: [2] });
    const dense = new layers.Dense(1, { kernelInitializer: 'ones', kernelRegularizer: new regularizers.L2(0.5), activityRegularizer: 'l1' });
    const model = new Model({ inputs: input, outputs: dense.apply(input) });
    const x = tensor([[1, 2], [3, 4]]);
    const before = liveCounts().tensors;
    tidy(() => {
      const { value, grads } = valueAndGradients(() => {
        model.apply([x], true);
        const losses = model.regularizationLosses();
        expect(losses).toHaveLength(2);
        return ops.add(losses[0]!, losses[1]!);
      }, [dense.kernel!]);
      // L2: 0.5 * (1 + 1) = 1; L1 activity: 0.01 * (3 + 7) / batch 2 = 0.05.
      expectClose(values(value), [1.05], 1e-6);
      // d/dk of 0.5 * sum(k^2) = k; of 0.01 * sum(|x k|) / 2 = 0.01 * sum|x| / 2 per input column.
      expectClose(values(grads[0]!), [1 + 0.01 * (1 + 3) / 2, 1 + 0.01 * (2 + 4) / 2], 1e-6);
    });
    expect(liveCounts().tensors).toBe(before);
    dense.trainable = false;
    expect(model.regularizationLosses().length).toBe(0);
    x.dispose();
  });
});
