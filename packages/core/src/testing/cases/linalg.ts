/**
 * Conformance cases of the linear algebra ops: `matmul` (1-D operands, batch broadcast
 * both ways, K=1, M=1, K=0, odd sizes), the fused `matmulT` (every transpose, bias,
 * activations), `dot` and `outer`. Tolerance 1e-5 * sqrt(K); int32 is exact.
 */
import type { FusedActivation } from '../../backend/kernels.js';
import type { DType } from '../../dtype.js';
import { dot, matmul, matmulT, outer } from '../../ops/index.js';
import type { Tensor } from '../../tensor.js';
import type { OpCase } from '../case.js';
import type { InputSpec } from '../inputs.js';
import { broadcastShape, epilogueRef, ravelBroadcast, unravel, type Ref } from '../ref.js';

const input = (shape: number[], dtype: DType = 'float32'): InputSpec => ({ shape, dtype });
const tolFor = (k: number): number => 1e-5 * Math.sqrt(Math.max(k, 1));

/** Swaps the last two axes. */
function swapLast(x: Ref): Ref {
  const r = x.shape.length;
  const [rows, cols] = [x.shape[r - 2]!, x.shape[r - 1]!];
  const data = new Float64Array(x.data.length);
  for (let p = 0; p < data.length; p++) {
    const mat = Math.floor(p / (rows * cols));
    const j = p % cols;
    const i = Math.floor(p / cols) % rows;
    data[mat * rows * cols + j * rows + i] = x.data[p]!;
  }
  return { shape: [...x.shape.slice(0, -2), cols, rows], data };
}

/** NumPy's matmul in float64: 1-D operands promoted and squeezed, batch dims broadcast. */
export function matmulNd(a: Ref, b: Ref): Ref {
  const a2 = a.shape.length === 1 ? { shape: [1, a.shape[0]!], data: a.data } : a;
  const b2 = b.shape.length === 1 ? { shape: [b.shape[0]!, 1], data: b.data } : b;
  const [m, k] = a2.shape.slice(-2) as [number, number];
  const n = b2.shape[b2.shape.length - 1]!;
  const batch = broadcastShape(a2.shape.slice(0, -2), b2.shape.slice(0, -2));
  const full = [...batch, m, n];
  const size = full.reduce((x, y) => x * y, 1);
  const data = new Float64Array(size);
  for (let p = 0; p < size; p++) {
    const idx = unravel(p, full);
    const [i, j] = idx.slice(-2) as [number, number];
    let s = 0;
    for (let q = 0; q < k; q++) {
      s += a2.data[ravelBroadcast([...idx.slice(0, -2), i, q], a2.shape)]! * b2.data[ravelBroadcast([...idx.slice(0, -2), q, j], b2.shape)]!;
    }
    data[p] = s;
  }
  const shape = [...batch, ...(a.shape.length > 1 ? [m] : []), ...(b.shape.length > 1 ? [n] : [])];
  return { shape, data };
}

function matmulCases(): OpCase[] {
  const shapes: [number[], number[], boolean][] = [
    [[2, 3], [3, 4], true], [[3], [3, 4], true], [[2, 3], [3], true], [[5], [5], true], [[3], [2, 3, 4], true], [[2, 3, 4], [4], true],
    [[2, 3, 4], [4, 5], true], [[3, 4], [2, 4, 5], true], [[2, 1, 2, 3], [3, 3, 2], true], [[1, 2, 3], [4, 3, 2], true], [[2, 2, 3], [2, 3, 2], true],
    [[4, 1], [1, 3], true], [[1, 5], [5, 3], true], [[3, 5], [5, 1], true], [[1, 1], [1, 1], true], [[2, 0], [0, 3], true], [[0, 3], [3, 2], true], [[2, 3], [3, 0], true],
    [[1, 7, 13], [13, 5], false], [[17, 33], [33, 9], false], [[3, 5, 9], [3, 9, 6], false], [[64, 48], [48, 40], false],
  ];
  const cases: OpCase[] = shapes.map(([as, bs, grad]) => ({
    name: `matmul [${as}] @ [${bs}]`, inputs: [input(as), input(bs)], run: (a: Tensor, b: Tensor) => matmul(a, b),
    reference: (a: Ref, b: Ref) => matmulNd(a, b), tol: tolFor(as[as.length - 1]!), grad,
  }) as OpCase);
  cases.push(
    { name: 'matmul int32 [2,3] @ [3,4]', inputs: [input([2, 3], 'int32'), input([3, 4], 'int32')], run: (a, b) => matmul(a!, b!), reference: (a, b) => matmulNd(a!, b!), tol: 'exact' },
    { name: 'matmul int32 [3] @ [2,3,2]', inputs: [input([3], 'int32'), input([2, 3, 2], 'int32')], run: (a, b) => matmul(a!, b!), reference: (a, b) => matmulNd(a!, b!), tol: 'exact' },
    { name: 'matmul int32 [2,3] @ float32 [3,2]', inputs: [input([2, 3], 'int32'), input([3, 2])], run: (a, b) => matmul(a!, b!), reference: (a, b) => matmulNd(a!, b!), tol: tolFor(3), grad: true },
  );
  return cases;
}

function matmulTCases(): OpCase[] {
  const cases: OpCase[] = [];
  const variants: [number[], number[], boolean, boolean, boolean, FusedActivation][] = [
    [[2, 3], [3, 4], false, false, false, 'linear'], [[2, 3], [4, 3], false, true, false, 'linear'], [[3, 2], [3, 4], true, false, false, 'linear'],
    [[3, 2], [4, 3], true, true, false, 'linear'], [[4, 3], [3, 5], false, false, true, 'relu'], [[4, 3], [5, 3], false, true, true, 'sigmoid'],
    [[3, 4], [3, 5], true, false, true, 'tanh'], [[2, 4, 3], [3, 5], false, false, true, 'tanh'], [[2, 3, 4], [2, 5, 3], true, true, false, 'sigmoid'],
    [[5, 1], [1, 2], false, false, true, 'linear'], [[3, 4], [2, 3], true, true, true, 'relu'], [[1, 6], [6, 7], false, false, true, 'sigmoid'],
    [[70, 3], [3, 21], false, false, true, 'tanh'], [[3, 67], [3, 5], true, false, true, 'relu'],
  ];
  for (const [as, bs, transA, transB, withBias, activation] of variants) {
    const n = transB ? bs[bs.length - 2]! : bs[bs.length - 1]!;
    const k = transA ? as[as.length - 2]! : as[as.length - 1]!;
    const inputs = [input(as), input(bs), ...(withBias ? [input([n])] : [])];
    cases.push({
      name: `matmulT [${as}]${transA ? 'T' : ''} @ [${bs}]${transB ? 'T' : ''}${withBias ? ' + bias' : ''} ${activation}`,
      inputs,
      run: (a, b, bias) => matmulT(a!, b!, { transA, transB, activation, ...(bias ? { bias } : {}) }),
      reference: (a, b, bias) => epilogueRef(matmulNd(transA ? swapLast(a!) : a!, transB ? swapLast(b!) : b!), bias, activation),
      tol: tolFor(k),
      grad: true,
    });
  }
  return cases;
}

/** NumPy's dot for N-D operands: sum over a's last axis and b's second-to-last. */
function dotRef(a: Ref, b: Ref): Ref {
  if (a.shape.length === 0 || b.shape.length === 0) {
    const [s, t] = a.shape.length === 0 ? [a, b] : [b, a];
    return { shape: t.shape, data: t.data.map((v) => v * s.data[0]!) };
  }
  if (a.shape.length === 1 || b.shape.length <= 2) return matmulNd(a, b);
  const k = a.shape[a.shape.length - 1]!;
  const rows = a.data.length / k;
  const [bk, n] = b.shape.slice(-2) as [number, number];
  const mats = b.data.length / (bk * n);
  const data = new Float64Array(rows * mats * n);
  for (let r = 0; r < rows; r++) for (let m = 0; m < mats; m++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let q = 0; q < k; q++) s += a.data[r * k + q]! * b.data[m * bk * n + q * n + j]!;
    data[(r * mats + m) * n + j] = s;
  }
  return { shape: [...a.shape.slice(0, -1), ...b.shape.slice(0, -2), n], data };
}

function dotCases(): OpCase[] {
  const shapes: [number[], number[], DType][] = [
    [[3], [3], 'float32'], [[2, 3], [3, 4], 'float32'], [[], [2, 3], 'float32'], [[2, 3], [], 'float32'], [[2, 3], [3], 'float32'],
    [[2, 3, 4], [3, 4, 5], 'float32'], [[2, 3], [2, 3, 4], 'float32'], [[4], [2, 4, 3], 'float32'], [[2, 3], [3, 2], 'int32'], [[2, 2, 3], [2, 3, 2], 'int32'],
  ];
  const cases: OpCase[] = shapes.map(([as, bs, dt]) => ({
    name: `dot ${dt} [${as}] . [${bs}]`, inputs: [input(as, dt), input(bs, dt)], run: (a: Tensor, b: Tensor) => dot(a, b),
    reference: (a: Ref, b: Ref) => dotRef(a, b), tol: dt === 'int32' ? 'exact' : tolFor(as[as.length - 1] ?? 1), grad: dt === 'float32',
  }) as OpCase);
  const outers: [number[], number[], DType][] = [[[3], [4], 'float32'], [[2, 2], [3], 'float32'], [[3], [2], 'int32'], [[0], [3], 'float32'], [[], [2], 'float32']];
  for (const [as, bs, dt] of outers) {
    cases.push({
      name: `outer ${dt} [${as}] x [${bs}]`, inputs: [input(as, dt), input(bs, dt)], run: (a, b) => outer(a!, b!),
      reference: (a, b) => ({ shape: [a!.data.length, b!.data.length], data: Float64Array.from({ length: a!.data.length * b!.data.length }, (_, p) => a!.data[Math.floor(p / b!.data.length)]! * b!.data[p % b!.data.length]!) }),
      tol: dt === 'int32' ? 'exact' : 1e-6, grad: dt === 'float32',
    });
  }
  return cases;
}

/** Every linear-algebra case. */
export function linalgCases(): OpCase[] {
  return [...matmulCases(), ...matmulTCases(), ...dotCases()];
}
