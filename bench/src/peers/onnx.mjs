/**
 * A minimal ONNX model writer (protobuf wire format, only the fields used here) and
 * the benchmark graphs built with it: GEMM, the MLP and the CNN, float32, opset 17.
 */

const enc = new TextEncoder();

/** Protobuf writer for the handful of wire types ONNX needs. */
class Pb {
  constructor() {
    this.bytes = [];
  }

  varint(n) {
    let v = BigInt.asUintN(64, BigInt(n));
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v) b |= 0x80;
      this.bytes.push(b);
    } while (v);
    return this;
  }

  tag(field, wire) {
    return this.varint((field << 3) | wire);
  }

  int(field, n) {
    return this.tag(field, 0).varint(n);
  }

  bytesField(field, data) {
    this.tag(field, 2).varint(data.length);
    for (const b of data) this.bytes.push(b);
    return this;
  }

  str(field, s) {
    return this.bytesField(field, enc.encode(s));
  }

  msg(field, pb) {
    return this.bytesField(field, pb.bytes);
  }

  float(field, x) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, x, true);
    this.tag(field, 5).bytes.push(...b);
    return this;
  }
}

/** AttributeProto: ints, int, float or string, by the JS type of `value`. */
function attribute(name, value) {
  const a = new Pb().str(1, name);
  if (Array.isArray(value)) {
    for (const v of value) a.int(8, v);
    return a.int(20, 7);
  }
  if (typeof value === 'string') return a.bytesField(4, enc.encode(value)).int(20, 3);
  if (Number.isInteger(value)) return a.int(3, value).int(20, 2);
  return a.float(2, value).int(20, 1);
}

/** TensorProto of float32 data. */
function tensorProto(name, dims, data) {
  const t = new Pb();
  for (const d of dims) t.int(1, d);
  t.int(2, 1).str(8, name);
  return t.bytesField(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

/** ValueInfoProto of a float32 tensor; string dims are symbolic. */
function valueInfo(name, dims) {
  const shape = new Pb();
  for (const d of dims) shape.msg(1, typeof d === 'string' ? new Pb().str(2, d) : new Pb().int(1, d));
  const tensorType = new Pb().int(1, 1).msg(2, shape);
  return new Pb().str(1, name).msg(2, new Pb().msg(1, tensorType));
}

/**
 * Serialises a graph: `nodes` [{op, inputs, outputs, attrs}], `inputs`/`outputs`
 * [{name, dims}], `initializers` [{name, dims, data: Float32Array}].
 */
export function onnxModel({ nodes, inputs, outputs, initializers = [] }) {
  const g = new Pb();
  nodes.forEach((n, i) => {
    const node = new Pb();
    for (const x of n.inputs) node.str(1, x);
    for (const y of n.outputs) node.str(2, y);
    node.str(3, `n${i}`).str(4, n.op);
    for (const [k, v] of Object.entries(n.attrs ?? {})) node.msg(5, attribute(k, v));
    g.msg(1, node);
  });
  g.str(2, 'bench');
  for (const t of initializers) g.msg(5, tensorProto(t.name, t.dims, t.data));
  for (const v of inputs) g.msg(11, valueInfo(v.name, v.dims));
  for (const v of outputs) g.msg(12, valueInfo(v.name, v.dims));
  const m = new Pb().int(1, 8).str(2, 'keras-ts-bench').msg(7, g).msg(8, new Pb().str(1, '').int(2, 17));
  return new Uint8Array(m.bytes);
}

/** C = op(A) op(B) with both operands as inputs (Gemm with transA / transB). */
export function gemmModel(m, n, k, { transA = false, transB = false } = {}) {
  return onnxModel({
    nodes: [{ op: 'Gemm', inputs: ['A', 'B'], outputs: ['C'], attrs: { transA: +transA, transB: +transB } }],
    inputs: [{ name: 'A', dims: transA ? [k, m] : [m, k] }, { name: 'B', dims: transB ? [n, k] : [k, n] }],
    outputs: [{ name: 'C', dims: [m, n] }],
  });
}

/** Dense layers as Gemm (+Relu) with a softmax at the end; `weights` [{w [in,out], b [out]}]; batch symbolic. */
function denseNodes(input, weights, initializers, prefix) {
  const nodes = [];
  let x = input;
  weights.forEach(({ w, b, inDim, outDim }, i) => {
    initializers.push({ name: `${prefix}w${i}`, dims: [inDim, outDim], data: w }, { name: `${prefix}b${i}`, dims: [outDim], data: b });
    const z = `${prefix}z${i}`;
    nodes.push({ op: 'Gemm', inputs: [x, `${prefix}w${i}`, `${prefix}b${i}`], outputs: [z] });
    if (i < weights.length - 1) {
      nodes.push({ op: 'Relu', inputs: [z], outputs: [`${prefix}h${i}`] });
      x = `${prefix}h${i}`;
    } else {
      nodes.push({ op: 'Softmax', inputs: [z], outputs: ['Y'], attrs: { axis: -1 } });
    }
  });
  return nodes;
}

/** The MLP (Dense relu, Dense relu, Dense softmax) from its weights; input X [N, in], output Y [N, out]. */
export function mlpModel(weights) {
  const initializers = [];
  const nodes = denseNodes('X', weights, initializers, 'd');
  return onnxModel({
    nodes, initializers,
    inputs: [{ name: 'X', dims: ['N', weights[0].inDim] }],
    outputs: [{ name: 'Y', dims: ['N', weights.at(-1).outDim] }],
  });
}

/**
 * The CNN in ONNX's NCHW: conv weights [{w [outC,inC,3,3], b}] then dense weights.
 * Input X [N, 1, 28, 28] (the same bytes as NHWC with one channel).
 */
export function cnnModel(convs, dense) {
  const initializers = [];
  const nodes = [];
  let x = 'X';
  convs.forEach(({ w, b, inC, outC, k }, i) => {
    initializers.push({ name: `cw${i}`, dims: [outC, inC, k, k], data: w }, { name: `cb${i}`, dims: [outC], data: b });
    nodes.push(
      { op: 'Conv', inputs: [x, `cw${i}`, `cb${i}`], outputs: [`c${i}`], attrs: { kernel_shape: [k, k] } },
      { op: 'Relu', inputs: [`c${i}`], outputs: [`r${i}`] },
      { op: 'MaxPool', inputs: [`r${i}`], outputs: [`p${i}`], attrs: { kernel_shape: [2, 2], strides: [2, 2] } },
    );
    x = `p${i}`;
  });
  nodes.push({ op: 'Flatten', inputs: [x], outputs: ['flat'], attrs: { axis: 1 } });
  nodes.push(...denseNodes('flat', dense, initializers, 'd'));
  return onnxModel({
    nodes, initializers,
    inputs: [{ name: 'X', dims: ['N', 1, 28, 28] }],
    outputs: [{ name: 'Y', dims: ['N', dense.at(-1).outDim] }],
  });
}
