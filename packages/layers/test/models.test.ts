import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ops, tensor, tidy, type Tensor } from '@keras/core';
import { liveCounts } from '@keras/core/testing';
import { clearSession, Input, Model, Sequential, layers, type CallOptions } from '../src/index.js';
import { denseRef } from './reference.js';
import { expectClose, fromValues, randomValues, setupBackend, values } from './helpers.js';

beforeAll(setupBackend);
beforeEach(() => clearSession());

describe('Sequential', () => {
  it('with an Input builds and checks shapes as layers are added', () => {
    const model = new Sequential([Input({ shape: [8] }), new layers.Dense(12, { activation: 'relu' })]);
    expect(model.name).toBe('sequential');
    expect(model.built).toBe(true);
    expect(model.layers.map((l) => l.name)).toEqual(['dense']);
    model.add(new layers.Dense(1, { activation: 'sigmoid' }));
    expect(model.outputs[0]!.shape).toEqual([null, 1]);
    expect(model.countParams()).toBe(8 * 12 + 12 + 13);
    expect(() => model.add(new layers.Reshape([5]))).toThrow(/total size/);
    expect(() => model.add(Input({ shape: [2] }))).toThrow(/only be the first layer/);
    expect(() => model.add(model.getLayer('dense'))).toThrow(/unique names/);
  });

  it('without an input builds on the first call with data, and computes like its layers', () => {
    const model = new Sequential();
    model.add(new layers.Dense(3, { activation: 'tanh' }));
    model.add(new layers.Dense(2));
    expect(model.built).toBe(false);
    expect(model.weights).toHaveLength(0);
    const x = randomValues(4 * 5, 3);
    const y = model.apply(fromValues(x, [4, 5]));
    expect(y.shape).toEqual([4, 2]);
    const [d1, d2] = model.layers as [layers.Dense, layers.Dense];
    const h = denseRef(x, values(d1.kernel!), values(d1.bias!), 4, 5, 3).map(Math.tanh);
    expectClose(values(y), denseRef(h, values(d2.kernel!), values(d2.bias!), 4, 3, 2), 1e-5);
    expect(model.inputs[0]!.shape).toEqual([null, 5]);
    y.dispose();
  });

  it('accepts inputShape on its first layer (Keras input_shape)', () => {
    const model = new Sequential([new layers.Dense(4, { inputShape: [3] }), new layers.Dense(1)]);
    expect(model.built).toBe(true);
    expect(model.outputs[0]!.shape).toEqual([null, 1]);
  });

  it('pop removes the top layer', () => {
    const model = new Sequential([Input({ shape: [2] }), new layers.Dense(3), new layers.Dense(4)]);
    model.pop();
    expect(model.outputs[0]!.shape).toEqual([null, 3]);
  });

  it('training mode reaches nested layers; TrainingTarget.apply returns lists', () => {
    const model = new Sequential([Input({ shape: [4] }), new layers.Dropout(0.5, { seed: 1 })]);
    const x = tensor(new Float32Array(400).fill(1), { shape: [100, 4] });
    const [train] = model.apply([x], true);
    const [test] = model.apply([x], false);
    expect(values(train!).some((v) => v === 0)).toBe(true);
    expect(values(test!).every((v) => v === 1)).toBe(true);
    expect(model.inputCount).toBe(1);
    expect(model.outputNames).toEqual(['dropout']);
    for (const t of [x, train!, test!]) t.dispose();
  });

  it('forward passes leak nothing', () => {
    const model = new Sequential([Input({ shape: [6] }), new layers.Dense(5, { activation: 'relu' }), new layers.BatchNormalization(), new layers.Dropout(0.2), new layers.Dense(2, { activation: 'softmax' })]);
    const x = fromValues(randomValues(30), [5, 6]);
    tidy(() => model.apply([x], true));
    const before = liveCounts();
    for (let i = 0; i < 3; i++) {
      model.apply(x).dispose();
      for (const t of model.apply([x], true)) t.dispose();
    }
    expect(liveCounts()).toEqual(before);
    x.dispose();
  });
});

describe('functional models', () => {
  it('run several inputs and outputs in topological order, with shared layers', () => {
    const a = Input({ shape: [3], name: 'a' });
    const b = Input({ shape: [3], name: 'b' });
    const shared = new layers.Dense(2, { name: 'shared', activation: 'relu' });
    const sa = shared.apply(a);
    const sb = shared.apply(b);
    const merged = new layers.Concatenate({ name: 'concat' }).apply([sa, sb]);
    const out1 = new layers.Dense(1, { name: 'out1' }).apply(merged);
    const out2 = new layers.Add({ name: 'out2' }).apply([sa, sb]);
    const model = new Model({ inputs: [a, b], outputs: [out1, out2] });
    expect(model.name).toBe('functional');
    expect(model.className).toBe('Functional');
    expect(model.layers.map((l) => l.name)).toEqual(['a', 'b', 'shared', 'concat', 'out1', 'out2']);
    expect(model.outputNames).toEqual(['out1', 'out2']);
    expect(model.inputCount).toBe(2);
    const xa = randomValues(6, 1);
    const xb = randomValues(6, 2);
    const [y1, y2] = model.apply([fromValues(xa, [2, 3]), fromValues(xb, [2, 3])], false);
    const k = values(shared.kernel!);
    const bias = values(shared.bias!);
    const ha = denseRef(xa, k, bias, 2, 3, 2).map((v) => Math.max(0, v));
    const hb = denseRef(xb, k, bias, 2, 3, 2).map((v) => Math.max(0, v));
    expectClose(values(y2!), ha.map((v, i) => v + hb[i]!), 1e-6);
    const out = model.getLayer('out1') as layers.Dense;
    const cat = new Float64Array([ha[0]!, ha[1]!, hb[0]!, hb[1]!, ha[2]!, ha[3]!, hb[2]!, hb[3]!]);
    expectClose(values(y1!), denseRef(cat, values(out.kernel!), values(out.bias!), 2, 4, 1), 1e-5);
    expect(() => model.apply(tensor([[1, 2, 3]]))).toThrow(/expects 2 input/);
    expect(() => model.apply([tensor([[1, 2]]), tensor([[1, 2]])], false)).toThrow(/Input 0 of model "functional" is incompatible.*expected shape=\(None, 3\), found shape=\(1, 2\)/);
  });

  it('nest as layers of other models', () => {
    const inner = new Sequential([Input({ shape: [4] }), new layers.Dense(3)], { name: 'inner' });
    const x = Input({ shape: [4] });
    const outer = new Model({ inputs: x, outputs: new layers.Dense(1).apply(inner.apply(x)) });
    expect(outer.layers.map((l) => l.name)).toEqual(['input_layer_1', 'inner', 'dense_1']);
    expect(outer.weights).toHaveLength(4);
    const y = outer.apply(tensor([[1, 2, 3, 4]]));
    expect(y.shape).toEqual([1, 1]);
    y.dispose();
  });

  it('refuse disconnected graphs and duplicate names', () => {
    const a = Input({ shape: [2] });
    const b = Input({ shape: [2] });
    const y = new layers.Add().apply([a, b]);
    expect(() => new Model({ inputs: a, outputs: y })).toThrow(/graph disconnected/);
    const c = Input({ shape: [2] });
    const z = new layers.Dense(2, { name: 'twin' }).apply(new layers.Dense(2, { name: 'twin' }).apply(c));
    expect(() => new Model({ inputs: c, outputs: z })).toThrow(/"twin" is used 2 times/);
  });
});

/** A subclassed model: layers as properties, a custom forward pass. */
class TwoTower extends Model {
  readonly left = new layers.Dense(3, { activation: 'relu' });
  readonly heads = [new layers.Dense(1), new layers.Dense(1)];
  readonly extra = { norm: new layers.LayerNormalization() };

  call(x: Tensor, options: CallOptions): Tensor {
    const h = this.extra.norm.apply(this.left.apply(x, options));
    return ops.add(this.heads[0]!.apply(h), this.heads[1]!.apply(h));
  }
}

describe('subclassed models', () => {
  it('track layers held in properties, arrays and objects', () => {
    const model = new TwoTower();
    expect(model.name).toBe('two_tower');
    const y = model.apply(tensor([[1, 2]]));
    expect(y.shape).toEqual([1, 1]);
    expect(model.layers.map((l) => l.className)).toEqual(['Dense', 'Dense', 'Dense', 'LayerNormalization']);
    expect(model.trainableWeights).toHaveLength(2 + 2 + 2 + 2);
    expect(model.countParams()).toBe(9 + 4 + 4 + 6);
    model.trainable = false;
    expect(model.trainableWeights).toHaveLength(0);
    expect(model.left.trainable).toBe(false);
    y.dispose();
  });

  it('build traces call so weights exist before training', () => {
    const model = new TwoTower();
    model.build([null, 5]);
    expect(model.weights).toHaveLength(8);
    expect(model.left.kernel!.shape).toEqual([5, 3]);
  });
});
