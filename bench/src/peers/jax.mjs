/**
 * The jax-js 0.1.25 peer on its wasm device (one thread in Node): jit-compiled
 * functions, `valueAndGrad` and an Adam step written in jax.numpy. jax-js arrays are
 * reference counted with move semantics: every use consumes a reference (`.ref` adds one).
 */
import { blockUntilReady, defaultDevice, init, jit, lax, nn, numpy as np, tree, valueAndGrad } from '@jax-js/jax';

/** Starts the wasm device. */
export async function createJax() {
  await init('wasm');
  defaultDevice('wasm');
  return { family: 'jax', describe: () => 'jax-js 0.1.25 wasm, 1 thread', activate: () => {} };
}

/** An array of `shape` from a Float32Array. */
function arr(data, shape) {
  return np.array(data).reshape(shape);
}

/** C = op(A) op(B) in one jit-compiled function (transposes are part of the traced graph). */
export function jaxGemm(peer, m, n, k, { transA = false, transB = false } = {}, a, b) {
  const A = arr(a, transA ? [k, m] : [m, k]);
  const B = arr(b, transB ? [n, k] : [k, n]);
  const f = jit((x, y) => np.matmul(transA ? np.transpose(x) : x, transB ? np.transpose(y) : y));
  return {
    run: async () => (await blockUntilReady(f(A.ref, B.ref))).dispose(),
    dispose: () => { A.dispose(); B.dispose(); },
  };
}

/** Copies `data` of `shape` permuted by `perm` (in JS: jax-js would keep a lazy transposed view). */
function permute(data, shape, perm) {
  const outShape = perm.map((p) => shape[p]);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(data.length);
  const idx = new Array(shape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let d = 0; d < perm.length; d++) src += idx[d] * strides[perm[d]];
    out[o] = data[src];
    for (let d = perm.length - 1; d >= 0 && ++idx[d] === outShape[d]; d--) idx[d] = 0;
  }
  return { data: out, shape: outShape };
}

/**
 * conv2d forward, 'same', in jax's NCHW layout (input and filter permuted once, outside
 * the timing). Eager: jit-compiled, this convolution ran about 6x slower here.
 */
export function jaxConv(peer, role, g, x, w) {
  if (role !== 'forward') throw new Error('only the forward convolution is compared');
  const xs = permute(x, [g.batch, g.inH, g.inW, g.inC], [0, 3, 1, 2]);
  const ws = permute(w, [g.kH, g.kW, g.inC, g.outC], [3, 2, 0, 1]);
  const X = arr(xs.data, xs.shape);
  const W = arr(ws.data, ws.shape);
  const f = (a, b) => lax.conv(a, b, [1, 1], 'SAME');
  return {
    run: async () => (await blockUntilReady(f(X.ref, W.ref))).dispose(),
    dispose: () => { X.dispose(); W.dispose(); },
  };
}

/** The logits of `spec` (NCHW for convolutions) on x; consumes p and x. */
function forward(spec, p, x, batch) {
  let h = x;
  let i = 0;
  spec.layers.forEach((l, li) => {
    const last = li === spec.layers.length - 1;
    if (l.type === 'conv') {
      h = nn.relu(lax.conv(h, p[`w${i}`], [1, 1], 'VALID').add(p[`b${i}`].reshape([1, l.filters, 1, 1])));
      i++;
    } else if (l.type === 'pool') {
      h = lax.reduceWindow(h, (t) => np.max(t), [2, 2], [2, 2]);
    } else if (l.type === 'flatten') {
      h = h.reshape([batch, -1]);
    } else {
      h = np.matmul(h, p[`w${i}`]).add(p[`b${i}`]);
      if (!last) h = nn.relu(h);
      i++;
    }
  });
  return h;
}

/** The parameter tree of `spec`: conv filters as [outC, inC, kH, kW], dense weights [in, out]. */
function initParams(spec) {
  const p = {};
  spec.params.forEach((q, i) => {
    const shape = q.shape.length === 4 ? [q.shape[3], q.shape[2], q.shape[0], q.shape[1]] : q.shape;
    p[`w${i}`] = arr(q.w, shape);
    p[`b${i}`] = arr(q.b, [q.shape.at(-1)]);
  });
  return p;
}

/** The model `spec`: a jit-compiled train step (loss, gradients, Adam) and a jit-compiled softmax prediction. */
export function jaxModel(peer, spec) {
  const [beta1, beta2, eps, lr] = [0.9, 0.999, 1e-7, 1e-3];
  const inShape = (b) => (spec.inputShape.length === 3 ? [b, spec.inputShape[2], spec.inputShape[0], spec.inputShape[1]] : [b, ...spec.inputShape]);
  const loss = (p, x, y) => {
    const batch = x.shape[0];
    return nn.logSoftmax(forward(spec, p, x, batch), -1).mul(y).sum().mul(-1 / batch);
  };
  const step = jit((p, m, v, x, y, lrT) => {
    const [l, g] = valueAndGrad(loss)(tree.ref(p), x, y);
    const [p2, m2, v2] = [{}, {}, {}];
    for (const key of Object.keys(p)) {
      const gk = g[key];
      m2[key] = m[key].mul(beta1).add(gk.ref.mul(1 - beta1));
      v2[key] = v[key].mul(beta2).add(np.square(gk).mul(1 - beta2));
      p2[key] = p[key].sub(m2[key].ref.mul(lrT.ref).div(np.sqrt(v2[key].ref).add(eps)));
    }
    lrT.dispose();
    return [p2, m2, v2, l];
  });
  const predict = jit((p, x) => nn.softmax(forward(spec, p, x, x.shape[0]), -1));
  let p = initParams(spec);
  let m = tree.map((a) => np.zerosLike(a.ref), p);
  let v = tree.map((a) => np.zerosLike(a.ref), p);
  let t = 0;
  return {
    async train(x, y, batch) {
      t++;
      const lrT = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      let l;
      [p, m, v, l] = step(p, m, v, arr(x, inShape(batch)), arr(y, [batch, spec.classes]), np.array(lrT));
      await blockUntilReady([p, m, v]);
      await l.data();
    },
    predict(x, batch) {
      return predict(tree.ref(p), arr(x, inShape(batch))).dataSync();
    },
    dispose: () => tree.dispose([p, m, v]),
  };
}
