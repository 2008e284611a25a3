/**
 * The typed surface of the kernels module (assembly/index.ts). Pointers are byte
 * offsets into the module's linear memory; flags are 0/1.
 */

/** Functions exported by every kernels build. */
export interface KernelExports {
  heapBase(): number;
  buildFeatures(): number;
  unaryF32(op: number, x: number, out: number, n: number, alpha: number): void;
  unaryI32(op: number, x: number, out: number, n: number): void;
  logicalNot(x: number, out: number, n: number): void;
  binaryF32(op: number, a: number, b: number, out: number, rank: number, meta: number): void;
  binaryI32(op: number, a: number, b: number, out: number, rank: number, meta: number): void;
  binaryBool(op: number, a: number, b: number, out: number, rank: number, meta: number): void;
  where32(cond: number, a: number, b: number, out: number, rank: number, meta: number): void;
  where8(cond: number, a: number, b: number, out: number, rank: number, meta: number): void;
  reduceF32(op: number, x: number, out: number, outer: number, n: number, inner: number): void;
  reduceI32(op: number, x: number, out: number, outer: number, n: number, inner: number): void;
  reduceBool(op: number, x: number, out: number, outer: number, n: number, inner: number): void;
  matmul(
    a: number, b: number, out: number, batch: number, m: number, n: number, k: number, transA: number, transB: number,
    aBatchStride: number, bBatchStride: number, bias: number, act: number, work: number,
  ): void;
  matmulWorkspace(batch: number, m: number, n: number, k: number, transA: number, aBatchStride: number, bBatchStride: number): number;
  stridedCopy32(src: number, dst: number, rank: number, meta: number): void;
  stridedCopy8(src: number, dst: number, rank: number, meta: number): void;
  transposePlanes32(src: number, dst: number, rank: number, meta: number, P: number, Q: number, srcQ: number, dstP: number): void;
  gather(x: number, indices: number, out: number, outer: number, axisSize: number, inner: number, numIndices: number, elemBytes: number): void;
  scatterAdd(updates: number, indices: number, out: number, outer: number, axisSize: number, inner: number, numIndices: number): void;
  fill32(out: number, n: number, bits: number): void;
  fill8(out: number, n: number, value: number): void;
  copyBytes(dst: number, src: number, bytes: number): void;
  castF32ToI32(x: number, out: number, n: number): void;
  castI32ToF32(x: number, out: number, n: number): void;
  castF32ToBool(x: number, out: number, n: number): void;
  castI32ToBool(x: number, out: number, n: number): void;
  castBoolToF32(x: number, out: number, n: number): void;
  castBoolToI32(x: number, out: number, n: number): void;
  conv2d(x: number, filter: number, bias: number, out: number, geo: number, act: number, work: number): void;
  conv2dWorkspace(geo: number): number;
  conv2dBackpropInput(dy: number, filter: number, dx: number, geo: number, work: number): void;
  conv2dBackpropInputWorkspace(geo: number): number;
  conv2dBackpropFilter(x: number, dy: number, dw: number, geo: number, work: number): void;
  conv2dBackpropFilterWorkspace(geo: number): number;
  depthwiseConv2d(x: number, filter: number, out: number, geo: number): void;
  depthwiseConv2dBackpropInput(dy: number, filter: number, dx: number, geo: number): void;
  depthwiseConv2dBackpropFilter(x: number, dy: number, dw: number, geo: number): void;
  maxPool(x: number, out: number, geo: number): void;
  maxPoolGrad(x: number, dy: number, dx: number, geo: number): void;
  avgPool(x: number, out: number, geo: number): void;
  avgPoolGrad(dy: number, dx: number, geo: number): void;
  softmax(x: number, out: number, outer: number, n: number): void;
  logSoftmax(x: number, out: number, outer: number, n: number): void;
  softmaxCrossentropy(logits: number, target: number, loss: number, outer: number, n: number): void;
  softmaxCrossentropyGrad(logits: number, target: number, dy: number, out: number, outer: number, n: number): void;
  adamUpdate(p: number, g: number, m: number, v: number, n: number, lrT: number, beta1: number, beta2: number, epsHat: number): void;
  sgdUpdate(p: number, g: number, m: number, n: number, lr: number, momentum: number, nesterov: number): void;
  rmspropUpdate(
    p: number, g: number, v: number, a: number, mom: number, n: number,
    lr: number, rho: number, oneMinusRho: number, momentum: number, epsilon: number,
  ): void;
  adagradUpdate(p: number, g: number, acc: number, n: number, lr: number, epsilon: number): void;
  adamaxUpdate(
    p: number, g: number, m: number, u: number, n: number, lr: number, oneMinusBeta1: number, beta2: number, epsilon: number, biasCorrection: number,
  ): void;
  nadamUpdate(
    p: number, g: number, m: number, v: number, n: number,
    lr: number, oneMinusBeta1: number, oneMinusBeta2: number, mScale: number, gScale: number, vScale: number, epsilon: number,
  ): void;
  activationGrad(activation: number, y: number, dy: number, out: number, n: number): void;
  activationBiasGrad(activation: number, y: number, dy: number, out: number, dbias: number, rows: number, cols: number, work: number): void;
  activationBiasGradWorkspace(rows: number, cols: number): number;
  layerNorm(x: number, gamma: number, beta: number, out: number, mean: number, variance: number, rows: number, cols: number, epsilon: number): void;
  layerNormGrad(
    x: number, dy: number, gamma: number, mean: number, variance: number, dx: number, dgamma: number, dbeta: number,
    rows: number, cols: number, epsilon: number, work: number,
  ): void;
  batchNorm(
    x: number, gamma: number, beta: number, out: number, mean: number, variance: number, rows: number, cols: number, epsilon: number, work: number,
  ): void;
  batchNormInference(
    x: number, gamma: number, beta: number, out: number, mean: number, variance: number, rows: number, cols: number, epsilon: number, work: number,
  ): void;
  batchNormGrad(
    x: number, dy: number, gamma: number, mean: number, variance: number, dx: number, dgamma: number, dbeta: number,
    rows: number, cols: number, epsilon: number, work: number,
  ): void;
  /** Workspace bytes of layerNormGrad and the batch-norm kernels. */
  normWorkspace(rows: number, cols: number): number;
  /** Hands the kernels the control block (src/pool/control.ts), the thread count and the smallest task worth splitting. */
  setPool(ctrl: number, threads: number, minParallelFlops: number): void;
  /** Claims and runs tiles of the current task; `thread` (0 = the caller) selects per-thread scratch. */
  runTask(ctrl: number, thread: number, gen: number): number;
}

/**
 * The kernels whose calls a pool's command ring may queue (src/pool/queue.ts):
 * every export that returns nothing, by record kind. The others (sizes,
 * features, the pool's own entry points) always run at once.
 */
export const QUEUED_KERNELS = [
  'unaryF32', 'unaryI32', 'logicalNot', 'binaryF32', 'binaryI32', 'binaryBool', 'where32', 'where8',
  'reduceF32', 'reduceI32', 'reduceBool', 'matmul', 'stridedCopy32', 'stridedCopy8', 'transposePlanes32',
  'gather', 'scatterAdd', 'fill32', 'fill8', 'copyBytes', 'castF32ToI32', 'castI32ToF32', 'castF32ToBool',
  'castI32ToBool', 'castBoolToF32', 'castBoolToI32', 'conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter',
  'depthwiseConv2d', 'depthwiseConv2dBackpropInput', 'depthwiseConv2dBackpropFilter', 'maxPool', 'maxPoolGrad',
  'avgPool', 'avgPoolGrad', 'softmax', 'logSoftmax', 'softmaxCrossentropy', 'softmaxCrossentropyGrad', 'adamUpdate',
  'sgdUpdate', 'rmspropUpdate', 'adagradUpdate', 'adamaxUpdate', 'nadamUpdate', 'activationGrad', 'activationBiasGrad',
  'layerNorm', 'layerNormGrad', 'batchNorm', 'batchNormInference', 'batchNormGrad',
] as const satisfies readonly (keyof KernelExports)[];

/** Bits of {@link KernelExports.buildFeatures}. */
export const FEATURE_RELAXED_SIMD = 1;
/** The build runs on an imported shared memory. */
export const FEATURE_THREADS = 2;
