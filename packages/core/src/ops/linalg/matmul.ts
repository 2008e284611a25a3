/**
 * Matrix products: `matmul` (NumPy semantics) and `matmulT`, the fused kernel call
 * behind Dense (transposed operands, bias and activation in one pass).
 */
import type { FusedActivation } from '../../backend/kernels.js';
import { convertToTensor, empty, type TensorLike } from '../../create.js';
import { upcast } from '../../dtype.js';
import { kernel } from '../../engine.js';
import { tidy } from '../../memory.js';
import { broadcastShapes, formatShape, padShape, shapesEqual, sizeOf, type Shape } from '../../shape.js';
import { isWatched, record } from '../../tape.js';
import type { Tensor } from '../../tensor.js';
import { activationBiasGrad } from '../elementwise/activation-grad.js';
import { checkFusedActivation } from '../elementwise/fused-activation.js';
import { cast, unbroadcast } from '../elementwise/index.js';
import { broadcastTo } from '../shape/broadcast.js';
import { reshape } from '../shape/reshape.js';

/** Options of {@link matmulT}. */
export interface MatmulTOptions {
  /** `a` is stored [..., k, m] and used transposed. */
  transA?: boolean;
  /** `b` is stored [..., n, k] and used transposed. */
  transB?: boolean;
  /** float32 bias of shape [n], added to every row. */
  bias?: Tensor;
  /** Activation applied to the result (default 'linear'). */
  activation?: FusedActivation;
}

/** A batch operand for the kernel: the tensor itself with a batch stride, or broadcast to the full batch when strides cannot express it. */
function batchOperand(x: Tensor, batchShape: Shape): { t: Tensor; stride: number } {
  const rows = x.shape.slice(-2);
  const xBatch = x.shape.slice(0, -2);
  if (sizeOf(xBatch) === 1) return { t: x, stride: 0 };
  if (shapesEqual(padShape(xBatch, batchShape.length), batchShape)) return { t: x, stride: sizeOf(rows) };
  return { t: broadcastTo(x, [...batchShape, ...rows]), stride: sizeOf(rows) };
}

/**
 * out = activation(op(a) @ op(b) + bias) for float32 `a` [..., m, k] and `b` [..., k, n]
 * (op transposes when `transA`/`transB`; stored [..., k, m] / [..., n, k]); batch dims broadcast.
 * One kernel call. The gradient uses the kernel's transpose flags, never a materialised transpose.
 */
export function matmulT(a: Tensor, b: Tensor, options: MatmulTOptions = {}, name = 'matmulT'): Tensor {
  const { transA = false, transB = false, bias, activation = 'linear' } = options;
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || (bias && bias.dtype !== 'float32')) {
    throw new TypeError(`${name}: operands must be float32, received a ${a.dtype}, b ${b.dtype}${bias ? `, bias ${bias.dtype}` : ''}.`);
  }
  if (a.rank < 2 || b.rank < 2) throw new RangeError(`${name}: operands must have rank >= 2, received a ${formatShape(a.shape)} and b ${formatShape(b.shape)}.`);
  checkFusedActivation(activation, name);
  const ar = a.shape[a.rank - 2]!;
  const ac = a.shape[a.rank - 1]!;
  const br = b.shape[b.rank - 2]!;
  const bc = b.shape[b.rank - 1]!;
  const m = transA ? ac : ar;
  const k = transA ? ar : ac;
  const kb = transB ? bc : br;
  const n = transB ? br : bc;
  if (k !== kb) {
    const flags = `${transA ? ' (transA)' : ''}${transB ? ' (transB)' : ''}`;
    throw new RangeError(`${name}: inner dimensions differ: a ${formatShape(a.shape)} and b ${formatShape(b.shape)}${flags}: ${k} vs ${kb}. a's last dimension must equal b's second-to-last.`);
  }
  if (bias && (bias.rank !== 1 || bias.shape[0] !== n)) throw new RangeError(`${name}: bias must have shape (${n},), received ${formatShape(bias.shape)}.`);
  // Plain matrices (Dense's case) need no batch operands, so no temporaries and no scope.
  if (a.rank === 2 && b.rank === 2) return fusedProduct(name, a, b, [], 0, 0, m, n, k, options);
  return tidy(() => {
    const batchShape = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), `${name}: batch dimensions of a ${formatShape(a.shape)} and b ${formatShape(b.shape)}`);
    const A = batchOperand(a, batchShape);
    const B = batchOperand(b, batchShape);
    return fusedProduct(name, A.t, B.t, batchShape, A.stride, B.stride, m, n, k, options);
  });
}

/** One matmul kernel call on checked operands (batch strides in elements; 0 repeats the operand), recorded for the gradient. */
function fusedProduct(
  name: string, a: Tensor, b: Tensor, batchShape: Shape, aBatchStride: number, bBatchStride: number, m: number, n: number, k: number, options: MatmulTOptions,
): Tensor {
  const { transA = false, transB = false, bias, activation = 'linear' } = options;
  const y = empty([...batchShape, m, n], 'float32');
  if (y.size > 0) {
    kernel('matmul')({
      a: a.dataId, b: b.dataId, out: y.dataId, batch: sizeOf(batchShape), m, n, k, transA, transB,
      aBatchStride, bBatchStride, ...(bias ? { bias: bias.dataId } : {}), activation,
    });
  }
  const inputs = bias ? [a, b, bias] : [a, b];
  // Only the gradients the tape needs are computed: a network's input wants none, which
  // saves the first Dense layer's largest product (batch x units x inputDim).
  const needA = isWatched(a);
  const needB = isWatched(b);
  const needBias = bias !== undefined && isWatched(bias);
  if (!needA && !needB && !needBias) return y;
  record(name, inputs, y, (dy) => {
    const [dz, dbias] = activationBiasGrad(activation, y, dy, needBias);
    const da = !needA ? null : transA ? matmulT(b, dz, { transA: transB, transB: true }) : matmulT(dz, b, { transB: !transB });
    const db = !needB ? null : transB ? matmulT(dz, a, { transA: true, transB: transA }) : matmulT(a, dz, { transA: !transA });
    return [da && unbroadcast(da, a.shape), db && unbroadcast(db, b.shape), dbias];
  });
  return y;
}

/**
 * Matrix product with NumPy semantics: 1-D operands are promoted to matrices and the
 * added axis removed; batch dimensions broadcast. int32 operands are multiplied in
 * float32 and cast back, exact while every partial sum stays below 2^24; bool is refused.
 */
export function matmul(a: TensorLike, b: TensorLike): Tensor {
  return tidy(() => {
    let ta = convertToTensor(a, undefined, 'matmul');
    let tb = convertToTensor(b, undefined, 'matmul');
    if (ta.rank === 0 || tb.rank === 0) {
      throw new RangeError(`matmul: operands must have rank >= 1, received a ${formatShape(ta.shape)} and b ${formatShape(tb.shape)}; use \`multiply\` for scalars.`);
    }
    const dtype = upcast(ta.dtype, tb.dtype);
    if (dtype === 'bool') throw new TypeError('matmul: bool operands are not supported; cast them to int32 or float32 first.');
    if (ta.dtype !== 'float32') ta = cast(ta, 'float32');
    if (tb.dtype !== 'float32') tb = cast(tb, 'float32');
    const k = ta.shape[ta.rank - 1]!;
    const kb = tb.shape[Math.max(tb.rank - 2, 0)]!;
    if (k !== kb) {
      throw new RangeError(`matmul: inner dimensions differ: a ${formatShape(ta.shape)} and b ${formatShape(tb.shape)}: ${k} vs ${kb}. a's last dimension must equal b's ${tb.rank === 1 ? 'only' : 'second-to-last'}.`);
    }
    const a2 = ta.rank === 1 ? reshape(ta, [1, k]) : ta;
    const b2 = tb.rank === 1 ? reshape(tb, [k, 1]) : tb;
    const y = matmulT(a2, b2, {}, 'matmul');
    const outShape = [...y.shape.slice(0, -2), ...(ta.rank > 1 ? [y.shape[y.rank - 2]!] : []), ...(tb.rank > 1 ? [y.shape[y.rank - 1]!] : [])];
    const out = outShape.length === y.rank ? y : reshape(y, outShape);
    return dtype === 'int32' ? cast(out, 'int32') : out;
  });
}
