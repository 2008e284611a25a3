/**
 * Tiled transpose of the last two dims of a strided box (4-byte elements), for
 * the layout where the strided copy would otherwise read or write one element
 * per cache line: the destination is contiguous along q, the source along p.
 * 4x4 tiles move through registers (interleave 32-bit lanes of row pairs, then
 * 64-bit halves), so both sides are read and written 16 bytes at a time.
 * Outer dims walk the odometer (operands: source, destination) with a dummy
 * last dim of size 1.
 */
import { rowCount, odoStart, odoOffset, odoNext } from './odometer';
import { off4, transpose4x4 } from './simd';

/** Transposes one P x Q plane: dst[p * dstP + q] = src[p + q * srcQ]. */
@inline
function plane(src: usize, dst: usize, P: i32, Q: i32, srcQ: i32, dstP: i32): void {
  const sq = off4(srcQ);
  const dp = off4(dstP);
  let p = 0;
  for (; p + 4 <= P; p += 4) {
    const s = src + off4(p);
    const d = dst + <usize>p * dp;
    let q = 0;
    for (; q + 4 <= Q; q += 4) {
      transpose4x4(s + <usize>q * sq, sq, d + off4(q), dp);
    }
    for (; q < Q; q++) {
      for (let i = 0; i < 4; i++) store<u32>(d + <usize>i * dp + off4(q), load<u32>(s + <usize>q * sq + off4(i)));
    }
  }
  for (; p < P; p++) {
    for (let q = 0; q < Q; q++) store<u32>(dst + <usize>p * dp + off4(q), load<u32>(src + <usize>q * sq + off4(p)));
  }
}

/**
 * For every outer index of the box at `meta` (rank dims, the last of size 1),
 * transposes a P x Q plane from source (stride 1 along p, srcQ along q) into the
 * destination (stride dstP along p, 1 along q).
 */
export function transposePlanes32(src: usize, dst: usize, rank: i32, meta: usize, P: i32, Q: i32, srcQ: i32, dstP: i32): void {
  const rows = rowCount(meta, rank);
  odoStart(meta, rank, 2);
  for (let r = 0; r < rows; r++) {
    plane(src + off4(odoOffset(meta, rank, 2, 0)), dst + off4(odoOffset(meta, rank, 2, 1)), P, Q, srcQ, dstP);
    odoNext(meta, rank, 2);
  }
}
