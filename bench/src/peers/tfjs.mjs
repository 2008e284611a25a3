/**
 * TensorFlow.js 4.22 peers: the `cpu` backend (plain JS) and the `wasm` backend
 * (XNNPACK SIMD, one thread in Node), with models through tfjs-layers.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';

/** Initialises the tfjs backend `name` ('cpu' | 'wasm'); `activate()` makes it current before each timed call. */
export async function createTfjs(name) {
  await tf.setBackend(name);
  await tf.ready();
  return {
    family: 'tfjs',
    tf,
    name,
    describe: () => `tfjs-${name} 4.22.0, 1 thread`,
    activate: () => {
      if (tf.getBackend() !== name) tf.setBackend(name);
    },
  };
}

/** C = op(A) op(B) with tf.matMul's transpose flags. */
export function tfjsGemm(peer, m, n, k, { transA = false, transB = false } = {}, a, b) {
  const A = tf.tensor2d(a, transA ? [k, m] : [m, k]);
  const B = tf.tensor2d(b, transB ? [n, k] : [k, n]);
  return { run: () => tf.matMul(A, B, transA, transB).dispose(), dispose: () => tf.dispose([A, B]) };
}

/** The conv2d kernel of `role` at geometry `g` (NHWC, 'same'); backprops through runKernel (cpu only: tfjs-wasm has no Conv2DBackpropFilter). */
export function tfjsConv(peer, role, g, x, w, dy) {
  const X = tf.tensor4d(x, [g.batch, g.inH, g.inW, g.inC]);
  const W = tf.tensor4d(w, [g.kH, g.kW, g.inC, g.outC]);
  const DY = tf.tensor4d(dy, [g.batch, g.outH, g.outW, g.outC]);
  const attrs = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined };
  const kernels = {
    forward: () => tf.conv2d(X, W, 1, 'same'),
    input: () => tf.engine().runKernel('Conv2DBackpropInput', { dy: DY, filter: W }, { ...attrs, inputShape: X.shape }),
    filter: () => tf.engine().runKernel('Conv2DBackpropFilter', { x: X, dy: DY }, { ...attrs, filterShape: W.shape }),
  };
  const f = kernels[role];
  return { run: () => f().dispose(), dispose: () => tf.dispose([X, W, DY]) };
}

/** The model `spec` through tfjs-layers: Adam, categorical crossentropy, trainOnBatch / predictOnBatch. */
export function tfjsModel(peer, spec) {
  const list = spec.layers.map((l, i) => {
    const first = i === 0 ? { inputShape: spec.inputShape } : {};
    if (l.type === 'conv') return tfl.layers.conv2d({ filters: l.filters, kernelSize: l.kernel, activation: l.activation, ...first });
    if (l.type === 'pool') return tfl.layers.maxPooling2d({ poolSize: 2 });
    if (l.type === 'flatten') return tfl.layers.flatten();
    return tfl.layers.dense({ units: l.units, activation: l.activation, ...first });
  });
  const model = tfl.sequential({ layers: list });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const inShape = (b) => [b, ...spec.inputShape];
  return {
    async train(x, y, batch) {
      const X = tf.tensor(x, inShape(batch));
      const Y = tf.tensor2d(y, [batch, spec.classes]);
      await model.trainOnBatch(X, Y);
      tf.dispose([X, Y]);
    },
    predict(x, batch) {
      const X = tf.tensor(x, inShape(batch));
      const out = model.predictOnBatch(X);
      const data = out.dataSync();
      tf.dispose([X, out]);
      return data;
    },
    dispose: () => model.dispose(),
  };
}
