/**
 * gather along an axis and its adjoint, scatterAdd. x is viewed as
 * [outer, axisSize, inner]; indices are int32. Negative indices wrap once and
 * anything still out of range is clamped (JAX's gather rule).
 */
import { off4 } from './simd';

/** The row of the axis that index `i` selects. */
@inline
function resolveIndex(i: i32, axisSize: i32): i32 {
  if (i < 0) i += axisSize;
  return i < 0 ? 0 : i >= axisSize ? axisSize - 1 : i;
}

/** out[o, i, :] = x[o, indices[i], :] for elements of `elemBytes` (4 or 1) bytes. */
export function gather(x: usize, indices: usize, out: usize, outer: i32, axisSize: i32, inner: i32, numIndices: i32, elemBytes: i32): void {
  const rowBytes = <usize>inner * <usize>elemBytes;
  let po = out;
  for (let o = 0; o < outer; o++) {
    const base = x + <usize>o * <usize>axisSize * rowBytes;
    for (let i = 0; i < numIndices; i++) {
      if (axisSize == 0) memory.fill(po, 0, rowBytes);
      else memory.copy(po, base + <usize>resolveIndex(load<i32>(indices + off4(i)), axisSize) * rowBytes, rowBytes);
      po += rowBytes;
    }
  }
}

/** out = 0; out[o, indices[i], :] += updates[o, i, :] (float32). */
export function scatterAdd(updates: usize, indices: usize, out: usize, outer: i32, axisSize: i32, inner: i32, numIndices: i32): void {
  const rowBytes = <usize>inner << 2;
  memory.fill(out, 0, <usize>outer * <usize>axisSize * rowBytes);
  if (axisSize == 0) return;
  let pu = updates;
  for (let o = 0; o < outer; o++) {
    const base = out + <usize>o * <usize>axisSize * rowBytes;
    for (let i = 0; i < numIndices; i++) {
      const row = base + <usize>resolveIndex(load<i32>(indices + off4(i)), axisSize) * rowBytes;
      let j = 0;
      for (; j + 4 <= inner; j += 4) {
        v128.store(row + off4(j), f32x4.add(v128.load(row + off4(j)), v128.load(pu + off4(j))));
      }
      for (; j < inner; j++) store<f32>(row + off4(j), load<f32>(row + off4(j)) + load<f32>(pu + off4(j)));
      pu += rowBytes;
    }
  }
}
