/**
 * Strided copy between two N-d views: the single data-movement primitive behind
 * transpose (strided source), slice (offset and possibly negative source strides),
 * broadcastTo (zero source strides), pad (strided destination) and concat (rows
 * into a wider destination). Two operands on the odometer: source then destination.
 * Rows that are contiguous on both sides become one memory.copy; broadcast rows a fill.
 */
import { dimSize, strideOf, rowCount, odoStart, odoOffset, odoNext } from './odometer';
import { fill32 } from './convert';

@inline
function copyOf<T>(src: usize, dst: usize, rank: i32, meta: usize): void {
  const n = dimSize(meta, rank - 1);
  const ss = strideOf(meta, rank, 0, rank - 1);
  const ds = strideOf(meta, rank, 1, rank - 1);
  const rows = rowCount(meta, rank);
  const sBytes = <usize>ss * sizeof<T>();
  const dBytes = <usize>ds * sizeof<T>();
  odoStart(meta, rank, 2);
  for (let r = 0; r < rows; r++) {
    let ps = src + <usize>odoOffset(meta, rank, 2, 0) * sizeof<T>();
    let pd = dst + <usize>odoOffset(meta, rank, 2, 1) * sizeof<T>();
    if (ss == 1 && ds == 1) {
      memory.copy(pd, ps, <usize>n * sizeof<T>());
    } else if (ss == 0 && ds == 1) {
      if (sizeof<T>() == 1) memory.fill(pd, load<u8>(ps), <usize>n);
      else fill32(pd, n, load<u32>(ps));
    } else {
      for (let i = 0; i < n; i++) {
        store<T>(pd, load<T>(ps));
        ps += sBytes;
        pd += dBytes;
      }
    }
    odoNext(meta, rank, 2);
  }
}

/** Strided copy of 4-byte elements (strides and offsets in elements; pointers pre-offset by JS). */
export function stridedCopy32(src: usize, dst: usize, rank: i32, meta: usize): void {
  copyOf<u32>(src, dst, rank, meta);
}

/** Strided copy of 1-byte (bool) elements. */
export function stridedCopy8(src: usize, dst: usize, rank: i32, meta: usize): void {
  copyOf<u8>(src, dst, rank, meta);
}
