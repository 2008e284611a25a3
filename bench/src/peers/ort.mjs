/**
 * ONNX Runtime peers, inference only, over models written by onnx.mjs:
 * onnxruntime-web's wasm build (SIMD, no relaxed SIMD; `numThreads` is global to
 * its module, so a second thread count runs in a worker thread: see harness.mjs)
 * and onnxruntime-node (native CPU provider with AVX2 / AVX-512).
 * Times include copying inputs in and outputs out, as every ORT user pays.
 */
import { cnnModel, gemmModel, mlpModel, onnxModel } from './onnx.mjs';

/**
 * onnxruntime-web with `threads` wasm threads. The package's Node entry is used: its
 * `/wasm` bundle fetches its worker script, which fails in Node for more than one thread.
 */
export async function createOrtWeb(threads) {
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = threads;
  ort.env.logLevel = 'error';
  return {
    family: 'ort', ort, threads, ep: 'wasm', options: {},
    describe: () => `onnxruntime-web 1.30.0 wasm, ${threads} thread(s)`,
    activate: () => {},
  };
}

/** onnxruntime-node's CPU provider with `threads` intra-op threads. */
export async function createOrtNode(threads) {
  const ort = await import('onnxruntime-node');
  return {
    family: 'ort', ort, threads, ep: 'cpu',
    options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
    describe: () => `onnxruntime-node 1.30.0 cpu, ${threads} thread(s)`,
    activate: () => {},
  };
}

/** An inference session on this peer. */
function session(peer, bytes) {
  return peer.ort.InferenceSession.create(bytes, { executionProviders: [peer.ep], graphOptimizationLevel: 'all', ...peer.options });
}

/** C = op(A) op(B) as one Gemm node with both operands fed per call. */
export async function ortGemm(peer, m, n, k, { transA = false, transB = false } = {}, a, b) {
  const s = await session(peer, gemmModel(m, n, k, { transA, transB }));
  const feeds = {
    A: new peer.ort.Tensor('float32', a, transA ? [k, m] : [m, k]),
    B: new peer.ort.Tensor('float32', b, transB ? [n, k] : [k, n]),
  };
  return { run: async () => { await s.run(feeds); }, dispose: () => s.release() };
}

/** conv2d forward, 'same' (explicit pads), NCHW, input fed per call and the filter an initializer. */
export async function ortConv(peer, role, g, x, w) {
  if (role !== 'forward') throw new Error('inference only');
  const bytes = onnxModel({
    nodes: [{ op: 'Conv', inputs: ['X', 'W'], outputs: ['Y'], attrs: { kernel_shape: [g.kH, g.kW], pads: [g.padTop, g.padLeft, g.padTop, g.padLeft] } }],
    inputs: [{ name: 'X', dims: [g.batch, g.inC, g.inH, g.inW] }],
    outputs: [{ name: 'Y', dims: [g.batch, g.outC, g.outH, g.outW] }],
    initializers: [{ name: 'W', dims: [g.outC, g.inC, g.kH, g.kW], data: w }],
  });
  const s = await session(peer, bytes);
  const feeds = { X: new peer.ort.Tensor('float32', x, [g.batch, g.inC, g.inH, g.inW]) };
  return { run: async () => { await s.run(feeds); }, dispose: () => s.release() };
}

/** The model `spec` for inference (ONNX has no training here): `predict(x, batch)` resolves to the output data. */
export async function ortModel(peer, spec) {
  const dense = spec.params.filter((q) => q.shape.length === 2).map((q) => ({ w: q.w, b: q.b, inDim: q.shape[0], outDim: q.shape[1] }));
  const convs = spec.params.filter((q) => q.shape.length === 4).map((q) => ({ w: q.w, b: q.b, inC: q.shape[2], outC: q.shape[3], k: q.shape[0] }));
  const s = await session(peer, convs.length ? cnnModel(convs, dense) : mlpModel(dense));
  const inShape = (b) => (spec.inputShape.length === 3 ? [b, spec.inputShape[2], spec.inputShape[0], spec.inputShape[1]] : [b, ...spec.inputShape]);
  return {
    train: null,
    async predict(x, batch) {
      const out = await s.run({ X: new peer.ort.Tensor('float32', x, inShape(batch)) });
      return out.Y.data;
    },
    dispose: () => s.release(),
  };
}
