/**
 * where(cond, a, b) with broadcasting: three operands (cond, a, b) on the odometer
 * (odometer.ts); `cond` is bool bytes, a/b/out have 4-byte or 1-byte elements.
 * Inner strides are 0 (broadcast) or 1.
 */
import { dimSize, strideOf, rowCount, odoStart, odoOffset, odoNext } from './odometer';
import { bytesToMask, off4 } from './simd';

/**
 * One row over 4-byte elements, four at a time: the condition bytes widen to a
 * lane mask that selects between a and b; broadcast operands are splatted once.
 */
@inline
function row32(pc: usize, sc: i32, pa: usize, sa: i32, pb: usize, sb: i32, po: usize, n: i32): void {
  const cs = i32x4.splat(load<u8>(pc) != 0 ? -1 : 0);
  const as = v128.load32_splat(pa);
  const bs = v128.load32_splat(pb);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const c = sc != 0 ? bytesToMask(pc + <usize>i) : cs;
    const x = sa != 0 ? v128.load(pa + off4(i)) : as;
    const y = sb != 0 ? v128.load(pb + off4(i)) : bs;
    v128.store(po + off4(i), v128.bitselect(x, y, c));
  }
  for (; i < n; i++) {
    const v = load<u8>(pc + <usize>(i * sc)) != 0 ? load<u32>(pa + off4(i * sa)) : load<u32>(pb + off4(i * sb));
    store<u32>(po + off4(i), v);
  }
}

/** One row over bool elements. */
@inline
function row8(pc: usize, sc: i32, pa: usize, sa: i32, pb: usize, sb: i32, po: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const v = load<u8>(pc + <usize>(i * sc)) != 0 ? load<u8>(pa + <usize>(i * sa)) : load<u8>(pb + <usize>(i * sb));
    store<u8>(po + <usize>i, v);
  }
}

@inline
function whereOf<T>(cond: usize, a: usize, b: usize, out: usize, rank: i32, meta: usize): void {
  const n = dimSize(meta, rank - 1);
  const sc = strideOf(meta, rank, 0, rank - 1);
  const sa = strideOf(meta, rank, 1, rank - 1);
  const sb = strideOf(meta, rank, 2, rank - 1);
  const rows = rowCount(meta, rank);
  const rowBytes = <usize>n * sizeof<T>();
  odoStart(meta, rank, 3);
  for (let r = 0; r < rows; r++) {
    const pc = cond + <usize>odoOffset(meta, rank, 3, 0);
    const pa = a + <usize>odoOffset(meta, rank, 3, 1) * sizeof<T>();
    const pb = b + <usize>odoOffset(meta, rank, 3, 2) * sizeof<T>();
    const po = out + <usize>r * rowBytes;
    if (sizeof<T>() == 4) row32(pc, sc, pa, sa, pb, sb, po, n);
    else row8(pc, sc, pa, sa, pb, sb, po, n);
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
