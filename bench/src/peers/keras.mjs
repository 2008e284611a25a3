/**
 * This project's runner: `@keras/core` on the wasm backend of `@keras/kernels-wasm`,
 * with the MLP and CNN through `@keras/layers` when it loads, else as plain ops
 * (matmulT / conv / valueAndGradients and the fused Adam kernel).
 */
import * as core from '@keras/core';
import { createNodeWasmBackend } from '@keras/kernels-wasm/node';

const { ops, tidy, fromTypedArray, kernel, valueAndGradients, Variable } = core;

/**
 * Creates the wasm backend with `variant` ('auto' | 'simd' | 'relaxed') and `threads`
 * (1: the single-threaded build; more: the threaded build with a worker pool, with
 * kernel calls queued for it unless `asyncDispatch` is false). When the
 * backend reports another thread count, the runner is unavailable (and says why).
 */
export async function createKeras({ variant = 'auto', threads = 1, api = 'auto', asyncDispatch = true } = {}) {
  const backend = await createNodeWasmBackend(variant, { threads, asyncDispatch });
  const info = backend.info();
  const got = Number(info.threads ?? 1);
  if (got !== threads) {
    throw new Error(`the wasm backend reports ${got} thread(s) for a request of ${threads}`);
  }
  let layersMod = null;
  if (api !== 'ops') {
    try {
      const mod = await import('@keras/layers');
      if (typeof mod.Sequential === 'function' && mod.layers?.Dense && mod.optimizers?.Adam) layersMod = mod;
    } catch (e) {
      if (api === 'layers') throw new Error(`@keras/layers does not load: ${e.message}`);
    }
  }
  return {
    family: 'keras',
    core,
    backend,
    layers: layersMod,
    /** Variant, threads and API, for the report. */
    describe: () => `${info.variant}, ${got} thread(s), ${layersMod ? 'layers' : 'plain ops'}`,
    variant: String(info.variant),
    activate: () => core.useBackend(backend),
  };
}

/** A float32 tensor from a typed array. */
export function kt(data, shape) {
  return fromTypedArray(data, shape, 'float32');
}

/**
 * Waits until `t` is computed, then disposes it: the wasm pool's asynchronous dispatch
 * only queues the kernel call, and a read (here of one element) waits for the queue.
 * (The webgpu runner waits for the GPU in its own wrapper.)
 */
function settle(peer, t) {
  peer.backend.readSync?.(t.dataId, t.dtype, 1);
  t.dispose();
}

/** C = op(A) op(B) through matmulT (no materialised transposes); returns `run`. */
export function kerasGemm(peer, m, n, k, { transA = false, transB = false } = {}, a, b) {
  const A = new Variable(kt(a, transA ? [k, m] : [m, k]));
  const B = new Variable(kt(b, transB ? [n, k] : [k, n]));
  return { run: () => settle(peer, ops.matmulT(A, B, { transA, transB })), dispose: () => { A.dispose(); B.dispose(); } };
}

/** The conv2d kernel of `role` ('forward' | 'input' | 'filter') at geometry `g` (NHWC). */
export function kerasConv(peer, role, g, x, w, dy) {
  const X = new Variable(kt(x, [g.batch, g.inH, g.inW, g.inC]));
  const W = new Variable(kt(w, [g.kH, g.kW, g.inC, g.outC]));
  const DY = new Variable(kt(dy, [g.batch, g.outH, g.outW, g.outC]));
  const run = () => {
    if (role === 'forward') {
      settle(peer, ops.conv(X, W, { padding: 'same' }));
    } else if (role === 'input') {
      const dx = core.empty(X.shape, 'float32');
      kernel('conv2dBackpropInput')({ ...g, dy: DY.dataId, filter: W.dataId, dx: dx.dataId });
      settle(peer, dx);
    } else {
      const dw = core.empty(W.shape, 'float32');
      kernel('conv2dBackpropFilter')({ ...g, x: X.dataId, dy: DY.dataId, dw: dw.dataId });
      settle(peer, dw);
    }
  };
  return { run, dispose: () => { X.dispose(); W.dispose(); DY.dispose(); } };
}

/** Adam state over a list of Variables, stepped with the fused `adamUpdate` kernel (in place). */
function adam(params, lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-7) {
  const m = params.map((p) => new Variable(core.zeros(p.shape)));
  const v = params.map((p) => new Variable(core.zeros(p.shape)));
  let t = 0;
  return {
    step(grads) {
      t++;
      const lrT = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      params.forEach((p, i) => kernel('adamUpdate')({ p: p.dataId, g: grads[i].dataId, m: m[i].dataId, v: v[i].dataId, size: p.size, lrT, beta1, beta2, epsHat: eps }));
    },
    dispose: () => [...m, ...v].forEach((x) => x.dispose()),
  };
}

/**
 * A Sequential model from `spec` (see cases/models.mjs), built with @keras/layers when it
 * loaded, else as plain ops. Returns `{ train(x, y): Promise|void, predict(x): Float32Array, dispose }`
 * over typed arrays.
 */
export function kerasModel(peer, spec) {
  return peer.layers ? layersModel(peer.layers, spec) : opsModel(spec);
}

/** The model through @keras/layers: compile with Adam and categorical crossentropy; trainOnBatch / predictOnBatch. */
function layersModel(K, spec) {
  const L = K.layers;
  const list = spec.layers.map((l, i) => {
    const first = i === 0 ? { inputShape: spec.inputShape } : {};
    if (l.type === 'conv') return new L.Conv2D(l.filters, l.kernel, { activation: l.activation, ...first });
    if (l.type === 'pool') return new L.MaxPooling2D({ poolSize: 2 });
    if (l.type === 'flatten') return new L.Flatten();
    return new L.Dense(l.units, { activation: l.activation, ...first });
  });
  const model = new K.Sequential(list);
  model.compile({ optimizer: new K.optimizers.Adam({ learningRate: 1e-3 }), loss: 'categorical_crossentropy' });
  const inShape = (b) => [b, ...spec.inputShape];
  return {
    async train(x, y, batch) {
      const X = kt(x, inShape(batch));
      const Y = kt(y, [batch, spec.classes]);
      await model.trainOnBatch(X, Y);
      X.dispose();
      Y.dispose();
    },
    predict(x, batch) {
      const X = kt(x, inShape(batch));
      const out = model.predictOnBatch(X);
      X.dispose();
      // webgpu has no synchronous read: await there, stay synchronous on wasm.
      if (!out.backend.readSync) return out.data().finally(() => out.dispose());
      const data = out.dataSync();
      out.dispose();
      return data;
    },
    dispose: () => model.dispose?.(),
  };
}

/** The model as plain ops over Variables with Keras' default initialisation (glorot uniform, zero bias). */
function opsModel(spec) {
  const params = [];
  for (const p of spec.params) {
    params.push(new Variable(kt(p.w, p.shape)), new Variable(kt(p.b, [p.shape.at(-1)])));
  }
  const forward = (x, batch) => {
    let h = x;
    let pi = 0;
    spec.layers.forEach((l, i) => {
      const last = i === spec.layers.length - 1;
      if (l.type === 'conv') {
        const W = params[pi++];
        const b = params[pi++];
        h = ops.relu(ops.add(ops.conv(h, W), b));
      } else if (l.type === 'pool') {
        h = ops.maxPool(h, 2);
      } else if (l.type === 'flatten') {
        h = ops.reshape(h, [batch, -1]);
      } else {
        const W = params[pi++];
        const b = params[pi++];
        h = ops.matmulT(h, W, { bias: b, activation: last ? 'linear' : 'relu' });
      }
    });
    return h; // logits
  };
  const opt = adam(params);
  const inShape = (b) => [b, ...spec.inputShape];
  return {
    train(x, y, batch) {
      tidy(() => {
        const X = kt(x, inShape(batch));
        const Y = kt(y, [batch, spec.classes]);
        const { value, grads } = valueAndGradients(
          () => ops.mean(ops.categoricalCrossentropy(Y, forward(X, batch), { fromLogits: true })),
          params,
        );
        opt.step(grads);
        value.dataSync();
      });
    },
    predict(x, batch) {
      return tidy(() => ops.softmax(forward(kt(x, inShape(batch)), batch)).dataSync());
    },
    dispose: () => {
      params.forEach((p) => p.dispose());
      opt.dispose();
    },
  };
}
