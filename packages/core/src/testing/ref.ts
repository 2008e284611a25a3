/**
 * The float64 reference: plain-JS n-dimensional arrays in double precision that
 * every conformance case computes its expected result with.
 */
import type { FusedActivation } from '../backend/kernels.js';

/** A float64 n-dimensional array (row-major). */
export interface Ref {
  shape: number[];
  data: Float64Array;
}

/** Builds a Ref, checking the size. */
export function ref(shape: readonly number[], data: ArrayLike<number>): Ref {
  const size = shape.reduce((a, b) => a * b, 1);
  if (data.length !== size) throw new Error(`ref: ${data.length} values for shape [${shape.join(', ')}]`);
  return { shape: [...shape], data: Float64Array.from(data) };
}

/** Row-major strides. */
export function refStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** The multi-index of flat position `i` in `shape`. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d]!;
    idx[d] = n === 0 ? 0 : i % n;
    i = n === 0 ? 0 : Math.floor(i / n);
  }
  return idx;
}

/** The flat position of a multi-index, broadcasting dimensions of size 1 (shape is right-aligned). */
export function ravelBroadcast(idx: readonly number[], shape: readonly number[]): number {
  const off = idx.length - shape.length;
  let pos = 0;
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d]!;
    pos = pos * n + (n === 1 ? 0 : idx[d + off]!);
  }
  return pos;
}

/** NumPy broadcast shape of several shapes. */
export function broadcastShape(...shapes: (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const v = s[s.length - rank + i] ?? 1;
      if (v !== 1) d = v;
    }
    out.push(d);
  }
  return out;
}

/** Applies `f` element-wise over broadcast inputs. */
export function mapRef(inputs: readonly Ref[], f: (...v: number[]) => number): Ref {
  const shape = broadcastShape(...inputs.map((r) => r.shape));
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const idx = unravel(i, shape);
    data[i] = f(...inputs.map((r) => r.data[ravelBroadcast(idx, r.shape)]!));
  }
  return { shape, data };
}

/** Reduces over `axes` (sorted, non-negative) with `f` over the list of values, keeping or dropping them. */
export function reduceRef(x: Ref, axes: readonly number[], f: (values: number[]) => number, keepdims = false): Ref {
  const keptShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const size = keptShape.reduce((a, b) => a * b, 1);
  const groups: number[][] = Array.from({ length: size }, () => []);
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape).map((v, d) => (axes.includes(d) ? 0 : v));
    let pos = 0;
    for (let d = 0; d < keptShape.length; d++) pos = pos * keptShape[d]! + idx[d]!;
    groups[pos]!.push(x.data[i]!);
  }
  const shape = keepdims ? keptShape : x.shape.filter((_, i) => !axes.includes(i));
  return { shape, data: Float64Array.from(groups, f) };
}

/** Matrix product of [m,k] x [k,n] in float64. */
export function matmulRef(a: Ref, b: Ref): Ref {
  const [m, k] = a.shape as [number, number];
  const n = b.shape[1]!;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let p = 0; p < k; p++) s += a.data[i * k + p]! * b.data[p * n + j]!;
    out[i * n + j] = s;
  }
  return { shape: [m, n], data: out };
}

/** The activations the matmul and conv2d kernels fuse, in float64. */
const FUSED_ACTIVATION_REFS: Record<FusedActivation, (v: number) => number> = {
  linear: (v) => v,
  relu: (v) => Math.max(v, 0),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  tanh: Math.tanh,
};

/** A fused kernel's store: activation(y + bias) with the bias (if any) along y's last axis. */
export function epilogueRef(y: Ref, bias: Ref | undefined, activation: FusedActivation): Ref {
  const f = FUSED_ACTIVATION_REFS[activation];
  const n = y.shape[y.shape.length - 1] ?? 1;
  return { shape: y.shape, data: y.data.map((v, p) => f(v + (bias ? bias.data[p % n]! : 0))) };
}
