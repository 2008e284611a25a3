import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tensor } from '@keras/core';
import {
  activations, clearSession, deserializeKerasObject, deserializeLayer, initializers, Input, regularizers, Layer, Model, registerKerasSerializable, Sequential, serializeLayer, layers,
  type JsonObject, type KerasObjectConfig,
} from '../src/index.js';
import { expectClose, fromValues, randomValues, setupBackend, values } from './helpers.js';

beforeAll(setupBackend);
beforeEach(() => clearSession());

const POLICY = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
const init = (className: string, config: JsonObject = {}): JsonObject => ({ module: 'keras.initializers', class_name: className, config, registered_name: null });

/** Every built-in layer with the input shape it is built on. */
const LAYERS: [() => Layer, (number | null)[] | (number | null)[][]][] = [
  [() => new layers.Dense(3, { activation: 'relu', kernelRegularizer: 'l2', useBias: false }), [null, 4]],
  [() => new layers.Activation('softmax'), [null, 4]],
  [() => new layers.Embedding(10, 3, { embeddingsInitializer: 'glorot_normal' }), [null, 5]],
  [() => new layers.Dropout(0.3, { seed: 7, noiseShape: [null, 1] }), [null, 4]],
  [() => new layers.Flatten(), [null, 2, 3]],
  [() => new layers.Reshape([3, -1]), [null, 6]],
  [() => new layers.Normalization({ axis: -1, mean: [1, 2], variance: [3, 4] }), [null, 2]],
  [() => new layers.Normalization(), [null, 2]],
  [() => new layers.Rescaling(0.5, { offset: 1 }), [null, 2]],
  [() => new layers.Conv1D(2, 3, { padding: 'causal', dilationRate: 2 }), [null, 8, 2]],
  [() => new layers.Conv2D(2, [3, 2], { strides: [2, 1], padding: 'same', activation: 'tanh', biasRegularizer: 'l1' }), [null, 6, 6, 1]],
  [() => new layers.MaxPooling1D({ poolSize: 3 }), [null, 6, 2]],
  [() => new layers.MaxPooling2D({ strides: 1, padding: 'same' }), [null, 4, 4, 1]],
  [() => new layers.AveragePooling1D(), [null, 6, 2]],
  [() => new layers.AveragePooling2D({ poolSize: [2, 1] }), [null, 4, 4, 1]],
  [() => new layers.GlobalAveragePooling1D(), [null, 5, 2]],
  [() => new layers.GlobalAveragePooling2D({ keepdims: true }), [null, 3, 3, 2]],
  [() => new layers.GlobalMaxPooling1D(), [null, 5, 2]],
  [() => new layers.GlobalMaxPooling2D(), [null, 3, 3, 2]],
  [() => new layers.BatchNormalization({ momentum: 0.9, center: false }), [null, 3]],
  [() => new layers.LayerNormalization({ epsilon: 1e-5 }), [null, 3]],
  [() => new layers.Add(), [[null, 3], [null, 3]]],
  [() => new layers.Multiply(), [[null, 3], [null, 3]]],
  [() => new layers.Concatenate({ axis: 1 }), [[null, 3], [null, 2]]],
];

describe('layer configs', () => {
  for (const [make, shape] of LAYERS) {
    const name = make().className;
    it(`${name} round-trips through getConfig/fromConfig and JSON`, () => {
      const layer = make();
      const inputs = Array.isArray(shape[0]) ? (shape as (number | null)[][]).map((s) => Input({ batchShape: s })) : Input({ batchShape: shape as (number | null)[] });
      layer.apply(inputs as never);
      const serialized = JSON.parse(JSON.stringify(serializeLayer(layer))) as KerasObjectConfig;
      expect(serialized.module).toBe('keras.layers');
      expect(serialized.class_name).toBe(name);
      expect(serialized.registered_name).toBeNull();
      expect(serialized.config['name']).toBe(layer.name);
      expect(serialized.config['dtype']).toEqual(POLICY);
      const back = deserializeLayer(serialized);
      expect(back.constructor).toBe(layer.constructor);
      expect(back.getConfig()).toEqual(layer.getConfig());
      expect(back.built).toBe(true);
      expect(back.weights.map((w) => w.shape)).toEqual(layer.weights.map((w) => w.shape));
    });
  }

  it('Dense writes exactly Keras 3 config', () => {
    const dense = new layers.Dense(4, { activation: 'relu', kernelRegularizer: 'l2' });
    expect(dense.getConfig()).toEqual({
      name: 'dense', trainable: true, dtype: POLICY, units: 4, activation: 'relu', use_bias: true,
      kernel_initializer: init('GlorotUniform', { seed: null }), bias_initializer: init('Zeros'),
      kernel_regularizer: { module: 'keras.regularizers', class_name: 'L2', config: { l2: 0.01 }, registered_name: null },
      bias_regularizer: null, kernel_constraint: null, bias_constraint: null,
    });
    dense.apply(Input({ shape: [3] }));
    expect(serializeLayer(dense)['build_config']).toEqual({ input_shape: [null, 3] });
  });

  it('Conv2D, BatchNormalization and pooling write exactly Keras 3 configs', () => {
    expect(new layers.Conv2D(16, 3, { padding: 'same', kernelInitializer: 'he_normal' }).getConfig()).toEqual({
      name: 'conv2d', trainable: true, dtype: POLICY, filters: 16, kernel_size: [3, 3], strides: [1, 1], padding: 'same',
      data_format: 'channels_last', dilation_rate: [1, 1], groups: 1, activation: 'linear', use_bias: true,
      kernel_initializer: init('HeNormal', { seed: null }), bias_initializer: init('Zeros'), kernel_regularizer: null,
      bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
    });
    expect(new layers.BatchNormalization().getConfig()).toEqual({
      name: 'batch_normalization', trainable: true, dtype: POLICY, axis: -1, momentum: 0.99, epsilon: 0.001, center: true, scale: true,
      beta_initializer: init('Zeros'), gamma_initializer: init('Ones'), moving_mean_initializer: init('Zeros'), moving_variance_initializer: init('Ones'),
      beta_regularizer: null, gamma_regularizer: null, beta_constraint: null, gamma_constraint: null, synchronized: false,
    });
    expect(new layers.AveragePooling2D({ poolSize: 8 }).getConfig()).toEqual({
      name: 'average_pooling2d', trainable: true, dtype: POLICY, pool_size: [8, 8], padding: 'valid', strides: [8, 8], data_format: 'channels_last',
    });
    expect(new layers.Dropout(0.5).getConfig()).toEqual({ name: 'dropout', trainable: true, dtype: POLICY, rate: 0.5, seed: null, noise_shape: null });
    expect(Input({ shape: [3], dtype: 'int32' }).history!.layer.getConfig()).toEqual({ batch_shape: [null, 3], dtype: 'int32', sparse: false, ragged: false, name: 'input_layer' });
  });

  it('reads Keras 2 configs and aliases, and refuses constraints and unknown classes clearly', () => {
    const legacy = deserializeLayer({ class_name: 'Dense', config: { name: 'd', units: 2, dtype: 'float32', batch_input_shape: [null, 5] } } as never);
    expect(legacy.batchInputShape).toEqual([null, 5]);
    expect(deserializeLayer({ class_name: 'MaxPool2D', config: {} } as never)).toBeInstanceOf(layers.MaxPooling2D);
    expect(() => deserializeLayer({ class_name: 'Dense', config: { units: 2, kernel_constraint: { class_name: 'MaxNorm', config: {} } } } as never)).toThrow(/constraints are not supported/);
    expect(() => deserializeLayer({ class_name: 'LSTM', config: {} } as never)).toThrow(/Unknown layer: 'LSTM'/);
  });
});

describe('model configs', () => {
  it('Sequential writes Keras 3 JSON and rebuilds an equal model', () => {
    const model = new Sequential([Input({ shape: [4] }), new layers.Dense(3, { activation: 'relu' }), new layers.Dense(1)]);
    const config = serializeLayer(model);
    expect(config.module).toBe('keras');
    expect(config.class_name).toBe('Sequential');
    expect(config['build_config']).toEqual({ input_shape: [null, 4] });
    expect(config.config['build_input_shape']).toEqual([null, 4]);
    const entries = config.config['layers'] as KerasObjectConfig[];
    expect(entries.map((l) => l.class_name)).toEqual(['InputLayer', 'Dense', 'Dense']);
    expect(entries[0]).toEqual({ module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 4], dtype: 'float32', sparse: false, ragged: false, name: 'input_layer' }, registered_name: null });
    const back = deserializeLayer(JSON.parse(JSON.stringify(config))) as Sequential;
    expect(back).toBeInstanceOf(Sequential);
    expect(back.getConfig()).toEqual(model.getConfig());
    back.setWeights(model.getWeights());
    const x = fromValues(randomValues(8), [2, 4]);
    expectClose(values(back.apply(x)), values(model.apply(x)), 1e-6);
    // Keras 1-2 wrote a bare list of layers.
    const bare = Sequential.fromConfig(entries.slice(1).map((e) => ({ class_name: e.class_name, config: { ...e.config, name: `${String(e.config['name'])}_b` } })) as never);
    expect(bare.layers).toHaveLength(2);
  });

  it('an unbuilt Sequential has no build_input_shape', () => {
    const config = new Sequential([new layers.Dense(2)]).getConfig();
    expect(config).not.toHaveProperty('build_input_shape');
    expect(Sequential.fromConfig(config).built).toBe(false);
  });

  it('functional models write layers with inbound_nodes and rebuild the same graph', () => {
    const a = Input({ shape: [3], name: 'a' });
    const b = Input({ shape: [3], name: 'b' });
    const shared = new layers.Dense(2, { name: 'shared' });
    const sum = new layers.Add({ name: 'sum' }).apply([shared.apply(a), shared.apply(b)]);
    const out = new layers.Dense(1, { name: 'out' }).apply(sum);
    const model = new Model({ inputs: [a, b], outputs: [out, sum], name: 'two' });
    const config = serializeLayer(model);
    expect(config).toMatchObject({ module: 'keras.src.models.functional', class_name: 'Functional', registered_name: 'Functional' });
    expect(config.config['input_layers']).toEqual([['a', 0, 0], ['b', 0, 0]]);
    expect(config.config['output_layers']).toEqual([['out', 0, 0], ['sum', 0, 0]]);
    const entries = config.config['layers'] as JsonObject[];
    const sharedEntry = entries.find((e) => e['name'] === 'shared')!;
    const tensorArg = (layer: string, node: number) => ({ class_name: '__keras_tensor__', config: { shape: [null, 3], dtype: 'float32', keras_history: [layer, node, 0] } });
    expect(sharedEntry['inbound_nodes']).toEqual([{ args: [tensorArg('a', 0)], kwargs: {} }, { args: [tensorArg('b', 0)], kwargs: {} }]);
    const sumEntry = entries.find((e) => e['name'] === 'sum')!;
    expect((sumEntry['inbound_nodes'] as JsonObject[])[0]!['args']).toEqual([[
      { class_name: '__keras_tensor__', config: { shape: [null, 2], dtype: 'float32', keras_history: ['shared', 0, 0] } },
      { class_name: '__keras_tensor__', config: { shape: [null, 2], dtype: 'float32', keras_history: ['shared', 1, 0] } },
    ]]);
    expect(entries.find((e) => e['name'] === 'a')!['inbound_nodes']).toEqual([]);
    clearSession();
    const back = deserializeLayer(JSON.parse(JSON.stringify(config))) as Model;
    expect(back.getConfig()).toEqual(model.getConfig());
    back.setWeights(model.getWeights());
    const xs = [fromValues(randomValues(6, 1), [2, 3]), fromValues(randomValues(6, 2), [2, 3])];
    const expected = model.apply(xs, false);
    back.apply(xs, false).forEach((y, i) => expectClose(values(y), values(expected[i]!), 1e-6));
  });

  it('re-indexes nodes of layers also used outside the model', () => {
    const dense = new layers.Dense(2, { name: 'reused' });
    dense.apply(Input({ shape: [3] }));
    const x = Input({ shape: [3], name: 'x' });
    const model = new Model({ inputs: x, outputs: new layers.Dense(1, { name: 'head' }).apply(dense.apply(x)) });
    const entries = model.getConfig()['layers'] as JsonObject[];
    const head = entries.find((e) => e['name'] === 'head')!;
    expect(head['inbound_nodes']).toEqual([{ args: [{ class_name: '__keras_tensor__', config: { shape: [null, 2], dtype: 'float32', keras_history: ['reused', 0, 0] } }], kwargs: {} }]);
    expect((entries.find((e) => e['name'] === 'reused')!['inbound_nodes'] as unknown[]).length).toBe(1);
  });

  it('reads Keras 3 legacy-h5 style configs (no module) and Keras 2 node lists', () => {
    const keras3 = {
      name: 'functional', trainable: true,
      layers: [
        { class_name: 'InputLayer', config: { batch_shape: [null, 4], dtype: 'float32', sparse: false, name: 'input_layer' }, name: 'input_layer', inbound_nodes: [] },
        { class_name: 'Dense', config: { name: 'dense', units: 2, activation: 'softmax', dtype: POLICY }, name: 'dense', inbound_nodes: [{ args: [{ class_name: '__keras_tensor__', config: { shape: [null, 4], dtype: 'float32', keras_history: ['input_layer', 0, 0] } }], kwargs: {} }] },
      ],
      input_layers: [['input_layer', 0, 0]], output_layers: [['dense', 0, 0]],
    };
    expect(Model.fromConfig(keras3).outputs[0]!.shape).toEqual([null, 2]);
    clearSession();
    const keras2 = {
      name: 'model_1',
      layers: [
        { class_name: 'InputLayer', config: { batch_input_shape: [null, 4], dtype: 'float32', name: 'in' }, name: 'in', inbound_nodes: [] },
        { class_name: 'Dense', config: { name: 'd1', units: 3 }, name: 'd1', inbound_nodes: [[['in', 0, 0, {}]]] },
        { class_name: 'Dense', config: { name: 'd2', units: 3 }, name: 'd2', inbound_nodes: [[['in', 0, 0, {}]]] },
        { class_name: 'Add', config: { name: 'add' }, name: 'add', inbound_nodes: [[['d1', 0, 0, {}], ['d2', 0, 0, {}]]] },
      ],
      input_layers: [['in', 0, 0]], output_layers: [['add', 0, 0]],
    };
    const model = Model.fromConfig(keras2);
    expect(model.layers.map((l) => l.name)).toEqual(['in', 'd1', 'd2', 'add']);
    const y = model.apply(tensor([[1, 2, 3, 4]]));
    expect(y.shape).toEqual([1, 3]);
    y.dispose();
  });
});

describe('deserializeKerasObject', () => {
  it('dispatches layers, initializers, regularizers and activations (with or without module)', () => {
    expect(deserializeKerasObject({ module: 'keras.initializers', class_name: 'HeNormal', config: { seed: 1 }, registered_name: null })).toBeInstanceOf(initializers.HeNormal);
    expect(deserializeKerasObject({ class_name: 'GlorotUniform', config: { seed: null } })).toBeInstanceOf(initializers.GlorotUniform);
    expect(deserializeKerasObject({ module: 'keras.regularizers', class_name: 'L1', config: { l1: 0.1 }, registered_name: null })).toBeInstanceOf(regularizers.L1);
    expect(deserializeKerasObject({ class_name: 'L2', config: { l2: 0.1 } })).toBeInstanceOf(regularizers.L2);
    expect(deserializeKerasObject({ module: 'keras.activations', class_name: 'function', config: 'tanh', registered_name: null } as never)).toBe(activations.tanh);
    expect(deserializeKerasObject(serializeLayer(new layers.Flatten()))).toBeInstanceOf(layers.Flatten);
    expect(() => deserializeKerasObject({ class_name: 'Nope', config: {} })).toThrow(/Unknown layer: 'Nope'/);
  });
});

/** A custom layer: registered, serialized with its registered name. */
class Doubler extends Layer {
  static override readonly className = 'Doubler';
  call(x: never): never {
    return x;
  }
}

describe('custom classes', () => {
  it('serialize with a registered name and come back', () => {
    const registered = registerKerasSerializable(Doubler, { package: 'MyPkg' });
    expect(registered).toBe('MyPkg>Doubler');
    const config = serializeLayer(new Doubler({ name: 'twice' }));
    expect(config).toMatchObject({ module: null, class_name: 'Doubler', registered_name: 'MyPkg>Doubler' });
    const back = deserializeLayer(config);
    expect(back).toBeInstanceOf(Doubler);
    expect(back.name).toBe('twice');
  });
});
