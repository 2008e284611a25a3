/**
 * where(cond, a, b) with broadcasting: three operands (cond, a, b) on the odometer
 * (odometer.ts); `cond` is bool bytes, a/b/out have 4-byte or 1-byte elements.
 */
import { dimSize, strideOf, rowCount, odoStart, odoOffset, odoNext } from './odometer';

@inline
function whereOf<T>(cond: usize, a: usize, b: usize, out: usize, rank: i32, meta: usize): void {
  const n = dimSize(meta, rank - 1);
  const sc = strideOf(meta, rank, 0, rank - 1);
  const sa = strideOf(meta, rank, 1, rank - 1) * sizeof<T>();
  const sb = strideOf(meta, rank, 2, rank - 1) * sizeof<T>();
  const rows = rowCount(meta, rank);
  odoStart(meta, rank, 3);
  let po = out;
  for (let r = 0; r < rows; r++) {
    const pc = cond + <usize>odoOffset(meta, rank, 3, 0);
    const pa = a + <usize>(odoOffset(meta, rank, 3, 1) * sizeof<T>());
    const pb = b + <usize>(odoOffset(meta, rank, 3, 2) * sizeof<T>());
    for (let i = 0; i < n; i++) {
      const c = load<u8>(pc + <usize>(i * sc));
      store<T>(po, c != 0 ? load<T>(pa + <usize>(i * sa)) : load<T>(pb + <usize>(i * sb)));
      po += sizeof<T>();
    }
    odoNext(meta, rank, 3);
  }
}

/** where over 4-byte elements (float32, int32). */
export function where32(cond: usize, a: usize, b: usize, out: usize, rank: i32, meta: usize): void {
  whereOf<u32>(cond, a, b, out, rank, meta);
}

/** where over bool elements. */
export function where8(cond: usize, a: usize, b: usize, out: usize, rank: i32, meta: usize): void {
  whereOf<u8>(cond, a, b, out, rank, meta);
}
