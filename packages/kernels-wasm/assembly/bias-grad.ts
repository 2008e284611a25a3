/**
 * The backward pass of a fused bias and activation (KernelTable `activationBiasGrad`):
 * dz = dy f'(x) from y = f(x), as `activationGrad`, and the bias's gradient, the column
 * sums of dz, in the same pass over [rows, cols]. Rows go in chunks of CHUNK_ROWS, the
 * tiles of one pool task; each chunk sums its columns into a partial row of its own, and
 * the partial rows are added in chunk order after the task, so the sums do not depend
 * on the number of threads.
 */
import { Activation } from './opcodes';
import { derivative } from './activation';
import { addRowsInOrder, loadTail32, off4, storeTail32 } from './simd';
import { Task, arg, argPtr, dispatch, elementThreads, setArg } from './parallel';

/** Rows per chunk: each chunk's y, dy and dz stay in L1 across its column blocks. */
const CHUNK_ROWS = 64;

@inline
function chunkCount(rows: i32): i32 {
  return (rows + CHUNK_ROWS - 1) / CHUNK_ROWS;
}

/** Workspace bytes of {@link activationBiasGrad}: a partial row per chunk. */
export function activationBiasGradWorkspace(rows: i32, cols: i32): usize {
  return off4(chunkCount(rows) * cols);
}

/** out = dy f'(x) from y, and dbias = its column sums, over [rows, cols]; `act` is not linear. */
export function activationBiasGrad(act: i32, y: usize, dy: usize, out: usize, dbias: usize, rows: i32, cols: i32, work: usize): void {
  const chunks = chunkCount(rows);
  setArg(0, act); setArg(1, <i32>y); setArg(2, <i32>dy); setArg(3, <i32>out); setArg(4, rows); setArg(5, cols); setArg(6, <i32>work);
  dispatch(Task.ActivationBiasGrad, chunks, elementThreads(rows * cols));
  addRowsInOrder(work, chunks, cols, dbias);
}

/** Tile `t` of {@link activationBiasGrad}: chunk t's rows, with the derivative of its activation inlined. */
export function activationBiasGradTile(ctrl: usize, t: i32): void {
  const y = argPtr(ctrl, 1);
  const dy = argPtr(ctrl, 2);
  const out = argPtr(ctrl, 3);
  const rows = arg(ctrl, 4);
  const cols = arg(ctrl, 5);
  const partial = argPtr(ctrl, 6) + off4(t * cols);
  const r0 = t * CHUNK_ROWS;
  const r1 = min(rows, r0 + CHUNK_ROWS);
  switch (arg(ctrl, 0)) {
    case Activation.Relu: gradChunk(Activation.Relu, y, dy, out, partial, r0, r1, cols); break;
    case Activation.Sigmoid: gradChunk(Activation.Sigmoid, y, dy, out, partial, r0, r1, cols); break;
    default: gradChunk(Activation.Tanh, y, dy, out, partial, r0, r1, cols); break;
  }
}

/** dz and the column sums of rows [r0, r1): 16 columns a pass down the rows, then 4, then the last few. */
@inline
function gradChunk(act: i32, y: usize, dy: usize, out: usize, partial: usize, r0: i32, r1: i32, cols: i32): void {
  let c = 0;
  for (; c + 16 <= cols; c += 16) {
    let s0 = f32x4.splat(0);
    let s1 = s0, s2 = s0, s3 = s0;
    for (let r = r0; r < r1; r++) {
      const o = off4(r * cols + c);
      const d0 = derivative(act, v128.load(y + o), v128.load(dy + o));
      const d1 = derivative(act, v128.load(y + o, 16), v128.load(dy + o, 16));
      const d2 = derivative(act, v128.load(y + o, 32), v128.load(dy + o, 32));
      const d3 = derivative(act, v128.load(y + o, 48), v128.load(dy + o, 48));
      v128.store(out + o, d0);
      v128.store(out + o, d1, 16);
      v128.store(out + o, d2, 32);
      v128.store(out + o, d3, 48);
      s0 = f32x4.add(s0, d0);
      s1 = f32x4.add(s1, d1);
      s2 = f32x4.add(s2, d2);
      s3 = f32x4.add(s3, d3);
    }
    const p = partial + off4(c);
    v128.store(p, s0);
    v128.store(p, s1, 16);
    v128.store(p, s2, 32);
    v128.store(p, s3, 48);
  }
  for (; c < cols; c += 4) {
    const n = min(4, cols - c);
    let s = f32x4.splat(0);
    for (let r = r0; r < r1; r++) {
      const o = off4(r * cols + c);
      const d = n == 4 ? derivative(act, v128.load(y + o), v128.load(dy + o)) : derivative(act, loadTail32(y + o, n), loadTail32(dy + o, n));
      if (n == 4) v128.store(out + o, d);
      else storeTail32(out + o, d, n);
      s = f32x4.add(s, d);
    }
    if (n == 4) v128.store(partial + off4(c), s);
    else storeTail32(partial + off4(c), s, n);
  }
}
