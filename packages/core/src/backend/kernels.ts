/**
 * The kernel table: the coarse operations every backend implements.
 *
 * Contract (see DESIGN.md, "The Backend interface"):
 * - Inputs are contiguous row-major buffers identified by a {@link DataId};
 *   shapes are passed explicitly. Broadcasting is expressed through shapes.
 * - Outputs are allocated by the op layer (through `Backend.alloc`) and passed in
 *   as `out`; a kernel writes every element of `out` and never allocates tensors.
 * - Kernels never validate user input: the op layer has already checked shapes,
 *   dtypes and options. Kernels may assume sizes are consistent.
 * - bool is one byte per element (0 or 1), int32 and float32 are themselves.
 */
import type { DType } from '../dtype.js';

/** A backend-owned handle to a contiguous buffer (a pointer, a GPU buffer, a tfjs tensor...). */
export type DataId = number | object;

/** A shape: the size of each dimension, outermost first. */
export type Shape = readonly number[];

/**
 * Element-wise unary operations. Input and output have the same dtype, except
 * the predicates `isnan`, `isinf`, `isfinite` whose output is bool, and
 * `logicalNot` whose input and output are bool.
 * Float-only ops (exp, log, sin, sigmoid...) are only ever called on float32.
 * `abs`, `neg`, `sign`, `square`, `relu`, `relu6` are also called on int32.
 * `alpha` is the slope for `leakyRelu` and the scale for `elu`.
 * `gelu` is the tanh approximation (Keras' default `approximate=True`);
 * `geluExact` uses erf.
 */
export type UnaryOp =
  | 'abs' | 'neg' | 'sign' | 'exp' | 'expm1' | 'log' | 'log1p' | 'sqrt' | 'rsqrt'
  | 'square' | 'reciprocal' | 'sin' | 'cos' | 'tan' | 'tanh' | 'erf'
  | 'floor' | 'ceil' | 'round'
  | 'relu' | 'relu6' | 'leakyRelu' | 'elu' | 'selu' | 'sigmoid' | 'hardSigmoid'
  | 'softplus' | 'softsign' | 'silu' | 'gelu' | 'geluExact'
  | 'logicalNot' | 'isnan' | 'isinf' | 'isfinite';

/**
 * Element-wise binary operations with NumPy broadcasting. Both inputs have
 * `dtype`; arithmetic ops output `dtype`; comparisons and logical ops output bool.
 * `div` is only called on float32 (the op layer promotes int32 / int32).
 * `mod` and `floorDiv` follow Python: the result of `mod` has the divisor's sign;
 * int32 `floorDiv` / `mod` by zero give 0. `round` is half to even.
 * `pow` on int32 uses integer exponentiation (negative exponents give 0).
 */
export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'max' | 'min' | 'mod' | 'floorDiv'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'
  | 'logicalAnd' | 'logicalOr' | 'logicalXor';

/** Reductions over the middle axis of an [outer, reduce, inner] view. argmax/argmin output int32 (first occurrence wins); any/all take and give bool. */
export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'any' | 'all' | 'argmax' | 'argmin';

/** Activations that may be fused into the store of a matmul. */
export type FusedActivation = 'linear' | 'relu' | 'sigmoid' | 'tanh';

/** Arguments of {@link KernelTable.unary}. */
export interface UnaryArgs { op: UnaryOp; x: DataId; out: DataId; size: number; dtype: DType; alpha?: number }
/** Arguments of {@link KernelTable.binary}. Shapes all have the rank of `outShape` (left-padded with 1s). */
export interface BinaryArgs { op: BinaryOp; a: DataId; b: DataId; out: DataId; aShape: Shape; bShape: Shape; outShape: Shape; dtype: DType }
/** Arguments of {@link KernelTable.where}: `out = cond ? a : b`, shapes all of rank `outShape.length`. `cond` is bool; `a`, `b`, `out` have `dtype`. */
export interface WhereArgs { cond: DataId; a: DataId; b: DataId; out: DataId; condShape: Shape; aShape: Shape; bShape: Shape; outShape: Shape; dtype: DType }
/** Arguments of {@link KernelTable.reduce}: x is viewed as [outer, reduceSize, inner]; out is [outer, inner]. `reduceSize` may be 0 (sum 0, prod 1, max -Inf, min +Inf, any false, all true). */
export interface ReduceArgs { op: ReduceOp; x: DataId; out: DataId; outer: number; reduceSize: number; inner: number; dtype: DType }
/**
 * Arguments of {@link KernelTable.matmul}: for each of `batch` matrices,
 * out[m,n] = activation(sum_k A[m,k] B[k,n] + bias[n]).
 * A is stored [m,k] (or [k,m] when transA); B is stored [k,n] (or [n,k] when transB).
 * `aBatchStride` / `bBatchStride` are in elements; 0 broadcasts one matrix over the batch.
 * Only float32. `bias` has n elements.
 */
export interface MatmulArgs {
  a: DataId; b: DataId; out: DataId; batch: number; m: number; n: number; k: number;
  transA: boolean; transB: boolean; aBatchStride: number; bBatchStride: number;
  bias?: DataId; activation?: FusedActivation;
}
/** Arguments of {@link KernelTable.transpose}: out = x permuted by `perm` (out dim i is x dim perm[i]). */
export interface TransposeArgs { x: DataId; out: DataId; shape: Shape; perm: readonly number[]; dtype: DType }
/** Arguments of {@link KernelTable.slice}: out[i] = x[begin + i * step] per axis; step may be negative (flip); `outShape` given. */
export interface SliceArgs { x: DataId; out: DataId; shape: Shape; begin: readonly number[]; step: readonly number[]; outShape: Shape; dtype: DType }
/** Arguments of {@link KernelTable.pad}: constant padding, `paddings[i] = [before, after]`, both >= 0. */
export interface PadArgs { x: DataId; out: DataId; shape: Shape; paddings: readonly (readonly [number, number])[]; value: number; dtype: DType }
/** Arguments of {@link KernelTable.concat}: inputs viewed as [outer, inner_i]; out is [outer, sum inner_i]. */
export interface ConcatArgs { inputs: readonly DataId[]; inners: readonly number[]; outer: number; out: DataId; dtype: DType }
/**
 * Arguments of {@link KernelTable.gather}: x viewed as [outer, axisSize, inner], int32 `indices` of
 * length `numIndices`; out[o, i, j] = x[o, indices[i], j]. Negative indices wrap once; indices
 * still out of range are clamped (as JAX does on gather).
 */
export interface GatherArgs { x: DataId; indices: DataId; out: DataId; outer: number; axisSize: number; inner: number; numIndices: number; dtype: DType }
/** Arguments of {@link KernelTable.scatterAdd}: the adjoint of gather. out ([outer, axisSize, inner]) is set to zero, then out[o, indices[i], j] += updates[o, i, j]. Same index rules as gather. float32 only. */
export interface ScatterAddArgs { updates: DataId; indices: DataId; out: DataId; outer: number; axisSize: number; inner: number; numIndices: number }
/** Arguments of {@link KernelTable.broadcastTo}: `shape` has the rank of `outShape` (left-padded with 1s). */
export interface BroadcastToArgs { x: DataId; out: DataId; shape: Shape; outShape: Shape; dtype: DType }
/** Arguments of {@link KernelTable.cast}: float32 -> int32 truncates toward zero; anything -> bool is `!= 0`. */
export interface CastArgs { x: DataId; out: DataId; size: number; from: DType; to: DType }
/** Arguments of {@link KernelTable.fill}. */
export interface FillArgs { out: DataId; size: number; value: number; dtype: DType }
/** Arguments of {@link KernelTable.copy}: out[i] = x[i]. */
export interface CopyArgs { x: DataId; out: DataId; size: number; dtype: DType }

/**
 * The geometry of a 2-D convolution or pooling window, channels-last (NHWC).
 * 1-D ops use inH = outH = kH = 1. Padding is explicit (top/left); the bottom/right
 * padding is whatever makes the output size come out.
 */
export interface Conv2DGeometry {
  batch: number; inH: number; inW: number; inC: number;
  outH: number; outW: number; outC: number;
  kH: number; kW: number; strideH: number; strideW: number;
  dilationH: number; dilationW: number; padTop: number; padLeft: number;
}
/**
 * conv2d: x [batch,inH,inW,inC], filter [kH,kW,inC,outC] (Keras layout), out [batch,outH,outW,outC]. float32.
 * out = activation(conv(x, filter) + bias[outC]), as matmul's epilogue: `bias` (outC floats) and `activation` are optional.
 */
export interface Conv2DArgs extends Conv2DGeometry { x: DataId; filter: DataId; out: DataId; bias?: DataId; activation?: FusedActivation }
/** Gradient of conv2d with respect to x: dy [batch,outH,outW,outC] -> dx [batch,inH,inW,inC]. Also the transposed convolution. */
export interface Conv2DBackpropInputArgs extends Conv2DGeometry { dy: DataId; filter: DataId; dx: DataId }
/** Gradient of conv2d with respect to the filter: x, dy -> dw [kH,kW,inC,outC]. */
export interface Conv2DBackpropFilterArgs extends Conv2DGeometry { x: DataId; dy: DataId; dw: DataId }
/** Depthwise conv: filter [kH,kW,inC,multiplier], outC = inC * multiplier; out channel c*multiplier+q reads in channel c. */
export interface DepthwiseConv2DArgs extends Conv2DGeometry { x: DataId; filter: DataId; out: DataId }
/** Gradient of depthwise conv2d with respect to x. */
export interface DepthwiseConv2DBackpropInputArgs extends Conv2DGeometry { dy: DataId; filter: DataId; dx: DataId }
/** Gradient of depthwise conv2d with respect to the filter. */
export interface DepthwiseConv2DBackpropFilterArgs extends Conv2DGeometry { x: DataId; dy: DataId; dw: DataId }
/** Pooling over windows; inC = outC = channels, dilation is 1. Padded cells are ignored (never the max, not counted in the average). */
export interface PoolArgs extends Conv2DGeometry { x: DataId; out: DataId }
/** Gradient of max pooling: dy is routed to the first maximum of each window of x (windows may overlap: accumulate). */
export interface MaxPoolGradArgs extends Conv2DGeometry { x: DataId; dy: DataId; dx: DataId }
/** Gradient of average pooling: dy spread evenly over the valid cells of each window (accumulate). */
export interface AvgPoolGradArgs extends Conv2DGeometry { dy: DataId; dx: DataId }
/** Softmax / log-softmax over the last axis of x viewed as [outer, axisSize]. float32. */
export interface SoftmaxArgs { x: DataId; out: DataId; outer: number; axisSize: number }
/**
 * Categorical crossentropy from logits over the last axis of [outer, axisSize]
 * (axisSize > 0): out[r] = -sum_j target[r, j] * logSoftmax(logits)[r, j], `outer`
 * values. float32.
 */
export interface SoftmaxCrossentropyArgs { logits: DataId; target: DataId; out: DataId; outer: number; axisSize: number }
/**
 * The gradient of {@link SoftmaxCrossentropyArgs} with respect to the logits:
 * out[r, j] = dy[r] * (softmax(logits)[r, j] * sum_k target[r, k] - target[r, j]). float32.
 */
export interface SoftmaxCrossentropyGradArgs { logits: DataId; target: DataId; dy: DataId; out: DataId; outer: number; axisSize: number }
/**
 * Arguments of {@link KernelTable.activationGrad}: out = dy * f'(x) for the fused
 * activation f, computed from its output y = f(x) (relu: dy where y > 0, else 0;
 * sigmoid: dy y (1 - y); tanh: dy (1 - y^2)). float32, `size` elements each; never 'linear'.
 */
export interface ActivationGradArgs { activation: Exclude<FusedActivation, 'linear'>; y: DataId; dy: DataId; out: DataId; size: number }
/**
 * Arguments of {@link KernelTable.activationBiasGrad}: the backward pass of a fused bias and
 * activation over y, dy, out viewed as [rows, cols]: out = dy * f'(x) as in
 * {@link ActivationGradArgs}, and dbias[c] = sum over rows of out[r, c] (`cols` values).
 * float32; never 'linear'.
 */
export interface ActivationBiasGradArgs { activation: Exclude<FusedActivation, 'linear'>; y: DataId; dy: DataId; out: DataId; dbias: DataId; rows: number; cols: number }
/**
 * One Adam/AdamW step in place over p, m, v (all float32, `size` elements):
 * m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p -= lrT * m / (sqrt(v) + epsHat).
 * The caller folds the bias corrections into `lrT = lr * sqrt(1-b2^t)/(1-b1^t)`; Keras 3
 * passes its epsilon unchanged as `epsHat` (the "epsilon hat" of the Adam paper's
 * section 2 form).
 */
export interface AdamUpdateArgs { p: DataId; g: DataId; m: DataId; v: DataId; size: number; lrT: number; beta1: number; beta2: number; epsHat: number }

/**
 * Arguments of {@link KernelTable.layerNorm} and {@link KernelTable.batchNorm}: x (float32)
 * viewed as [rows, cols]; out = (x - mean) / sqrt(variance + epsilon) * gamma + beta, with the
 * mean and the biased variance taken over each row (layer norm: `rows` long) or each column
 * (batch norm: `cols` long) and written to `mean` and `variance`. gamma and beta are `cols`
 * long, or null (scale 1, offset 0).
 */
export interface NormArgs {
  x: DataId; gamma: DataId | null; beta: DataId | null; out: DataId; mean: DataId; variance: DataId;
  rows: number; cols: number; epsilon: number;
}
/**
 * Arguments of {@link KernelTable.layerNormGrad} and {@link KernelTable.batchNormGrad}: given dy
 * and the statistics the forward kernel stored, dx (through the statistics too) and, when
 * asked for (not null), dgamma = sum of dy * (x - mean) / sqrt(variance + epsilon) and dbeta = sum of dy
 * over the rows (both `cols` long).
 */
export interface NormGradArgs {
  x: DataId; dy: DataId; gamma: DataId | null; mean: DataId; variance: DataId;
  dx: DataId; dgamma: DataId | null; dbeta: DataId | null; rows: number; cols: number; epsilon: number;
}

/**
 * One SGD step in place, in Keras' order of float32 operations: with `m` null (no
 * momentum), p = p - g lr; else m = -lr g + m momentum, then p = p + m, or with
 * `nesterov` p = p + (-lr g + m momentum). float32, `size` elements each.
 */
export interface SgdUpdateArgs { p: DataId; g: DataId; m: DataId | null; size: number; learningRate: number; momentum: number; nesterov: boolean }
/**
 * One RMSprop step in place, in Keras' order of float32 operations:
 * v = v rho + g^2 (1 - rho); with `averageGradient` (centered) a = a rho + g (1 - rho)
 * and d = (v - a^2) + epsilon, else d = v + epsilon; inc = g lr / sqrt(d); with
 * `momentumSlot` mom = mom momentum + inc and p = p - mom, else p = p - inc.
 */
export interface RmspropUpdateArgs {
  p: DataId; g: DataId; v: DataId; averageGradient: DataId | null; momentumSlot: DataId | null;
  size: number; learningRate: number; rho: number; momentum: number; epsilon: number;
}

/** One Adagrad step in place, in Keras' order: acc = acc + g^2; p = p - g lr / sqrt(acc + epsilon). float32. */
export interface AdagradUpdateArgs { p: DataId; g: DataId; accumulator: DataId; size: number; learningRate: number; epsilon: number }
/**
 * One Adamax step in place, in Keras' order: m = m + (g - m)(1 - beta1); u = max(u beta2, |g|);
 * p = p - m lr / ((u + epsilon)(1 - beta1Power)), with beta1Power = beta1^t. float32.
 */
export interface AdamaxUpdateArgs {
  p: DataId; g: DataId; m: DataId; u: DataId; size: number;
  learningRate: number; beta1: number; beta2: number; epsilon: number; beta1Power: number;
}
/**
 * One Nadam step in place, in Keras' order: m = m + (g - m)(1 - beta1); v = v + (g^2 - v)(1 - beta2);
 * p = p - (m momentumScale + g gradientScale) lr / (sqrt(v / velocityScale) + epsilon), with the
 * step's scales as Keras computes them. float32.
 */
export interface NadamUpdateArgs {
  p: DataId; g: DataId; m: DataId; v: DataId; size: number; learningRate: number; beta1: number; beta2: number; epsilon: number;
  momentumScale: number; gradientScale: number; velocityScale: number;
}

/** Every kernel a backend may implement. Required ones are listed in {@link REQUIRED_KERNELS}. */
export interface KernelTable {
  unary(args: UnaryArgs): void;
  binary(args: BinaryArgs): void;
  where(args: WhereArgs): void;
  reduce(args: ReduceArgs): void;
  matmul(args: MatmulArgs): void;
  transpose(args: TransposeArgs): void;
  slice(args: SliceArgs): void;
  pad(args: PadArgs): void;
  concat(args: ConcatArgs): void;
  gather(args: GatherArgs): void;
  scatterAdd(args: ScatterAddArgs): void;
  broadcastTo(args: BroadcastToArgs): void;
  cast(args: CastArgs): void;
  fill(args: FillArgs): void;
  copy(args: CopyArgs): void;
  conv2d(args: Conv2DArgs): void;
  conv2dBackpropInput(args: Conv2DBackpropInputArgs): void;
  conv2dBackpropFilter(args: Conv2DBackpropFilterArgs): void;
  depthwiseConv2d(args: DepthwiseConv2DArgs): void;
  depthwiseConv2dBackpropInput(args: DepthwiseConv2DBackpropInputArgs): void;
  depthwiseConv2dBackpropFilter(args: DepthwiseConv2DBackpropFilterArgs): void;
  maxPool(args: PoolArgs): void;
  maxPoolGrad(args: MaxPoolGradArgs): void;
  avgPool(args: PoolArgs): void;
  avgPoolGrad(args: AvgPoolGradArgs): void;
  /** Optional fused kernel; core falls back to exp/sum/div. */
  softmax(args: SoftmaxArgs): void;
  /** Optional fused kernel; core falls back to primitives. */
  logSoftmax(args: SoftmaxArgs): void;
  /** Optional fused kernel (with {@link softmaxCrossentropyGrad}); core falls back to logSoftmax and element-wise ops. */
  softmaxCrossentropy(args: SoftmaxCrossentropyArgs): void;
  /** Optional gradient of {@link softmaxCrossentropy} with respect to the logits. */
  softmaxCrossentropyGrad(args: SoftmaxCrossentropyGradArgs): void;
  /** Optional fused optimizer step; core falls back to element-wise ops. */
  adamUpdate(args: AdamUpdateArgs): void;
  /** Optional fused optimizer step; core falls back to element-wise ops. */
  sgdUpdate(args: SgdUpdateArgs): void;
  /** Optional fused optimizer step; core falls back to element-wise ops. */
  rmspropUpdate(args: RmspropUpdateArgs): void;
  /** Optional fused optimizer step; core falls back to element-wise ops. */
  adagradUpdate(args: AdagradUpdateArgs): void;
  /** Optional fused optimizer step; core falls back to element-wise ops. */
  adamaxUpdate(args: AdamaxUpdateArgs): void;
  /** Optional fused optimizer step; core falls back to element-wise ops. */
  nadamUpdate(args: NadamUpdateArgs): void;
  /** Optional fused activation derivative; core falls back to element-wise ops. */
  activationGrad(args: ActivationGradArgs): void;
  /** Optional activation derivative and bias gradient in one pass; core falls back to `activationGrad` and a sum. */
  activationBiasGrad(args: ActivationBiasGradArgs): void;
  /** Optional fused layer normalization (statistics per row); core falls back to moments and element-wise ops. */
  layerNorm(args: NormArgs): void;
  /** Optional; used together with `layerNorm`. */
  layerNormGrad(args: NormGradArgs): void;
  /** Optional fused batch normalization in training (statistics per column); core falls back to moments and element-wise ops. */
  batchNorm(args: NormArgs): void;
  /** Optional; used together with `batchNorm`. */
  batchNormGrad(args: NormGradArgs): void;
  /**
   * Optional batch normalization with given statistics (inference): like `batchNorm`, but
   * `mean` and `variance` (`cols` long) are read, not computed. Core falls back to element-wise ops.
   */
  batchNormInference(args: NormArgs): void;
}

/** The name of a kernel. */
export type KernelName = keyof KernelTable;

/** Kernels without which a backend cannot run the ops; the rest are optional fused fast paths. */
export const REQUIRED_KERNELS: readonly KernelName[] = [
  'unary', 'binary', 'where', 'reduce', 'matmul', 'transpose', 'slice', 'pad', 'concat',
  'gather', 'scatterAdd', 'broadcastTo', 'cast', 'fill', 'copy',
  'conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter',
  'depthwiseConv2d', 'depthwiseConv2dBackpropInput', 'depthwiseConv2dBackpropFilter',
  'maxPool', 'maxPoolGrad', 'avgPool', 'avgPoolGrad',
];
