/**
 * Element-wise binary kernels with NumPy broadcasting.
 *
 * JS collapses the shapes first (merging dims that are contiguous in every
 * operand), so the last dim of each input has stride 1 (read along) or 0
 * (broadcast). A row kernel handles the four stride cases with SIMD for the
 * common arithmetic ops; same-shape and scalar operands are the rank-1 cases,
 * row broadcasting the rank-2 case. The odometer (odometer.ts) walks the rows.
 * Comparisons and logical ops write one byte per element.
 */
import { Binary } from './opcodes';
import { loadTail32, storeTail32, off4, masksToBytes } from './simd';
import { dimSize, strideOf, rowCount, odoStart, odoOffset, odoNext } from './odometer';

/** Whether an op writes bool (one byte) rather than the input dtype. */
@inline
function writesBool(op: i32): bool {
  return op >= Binary.Eq;
}

@inline
function f32Vector(op: i32, x: v128, y: v128): v128 {
  switch (op) {
    case Binary.Add: return f32x4.add(x, y);
    case Binary.Sub: return f32x4.sub(x, y);
    case Binary.Mul: return f32x4.mul(x, y);
    case Binary.Div: return f32x4.div(x, y);
    case Binary.Max: return f32x4.max(x, y); // propagates NaN, like np.maximum
    default: return f32x4.min(x, y);
  }
}

/** Python's float modulo: the result takes the divisor's sign. */
@inline
function pyModF32(x: f32, y: f32): f32 {
  const r = x % y;
  if (r == 0) return copysign<f32>(0, y);
  return (r < 0) != (y < 0) ? r + y : r;
}

@inline
function f32Scalar(op: i32, x: f32, y: f32): f32 {
  switch (op) {
    case Binary.Pow: return NativeMathf.pow(x, y);
    case Binary.Mod: return pyModF32(x, y);
    default: return Mathf.floor(x / y); // floorDiv
  }
}

@inline
function compare<T>(op: i32, x: T, y: T): bool {
  switch (op) {
    case Binary.Eq: return x == y;
    case Binary.Ne: return x != y;
    case Binary.Lt: return x < y;
    case Binary.Le: return x <= y;
    case Binary.Gt: return x > y;
    case Binary.Ge: return x >= y;
    case Binary.LogicalAnd: return (x != 0) & (y != 0);
    case Binary.LogicalOr: return (x != 0) | (y != 0);
    default: return (x != 0) ^ (y != 0);
  }
}

/** A comparison or logical op on four lanes of T (f32 or i32): an i32x4 mask. */
@inline
function compareVector<T>(op: i32, x: v128, y: v128): v128 {
  const zero = i32x4.splat(0);
  if (isFloat<T>()) {
    switch (op) {
      case Binary.Eq: return f32x4.eq(x, y);
      case Binary.Ne: return f32x4.ne(x, y);
      case Binary.Lt: return f32x4.lt(x, y);
      case Binary.Le: return f32x4.le(x, y);
      case Binary.Gt: return f32x4.gt(x, y);
      case Binary.Ge: return f32x4.ge(x, y);
      case Binary.LogicalAnd: return v128.and(f32x4.ne(x, zero), f32x4.ne(y, zero));
      case Binary.LogicalOr: return v128.or(f32x4.ne(x, zero), f32x4.ne(y, zero));
      default: return v128.xor(f32x4.ne(x, zero), f32x4.ne(y, zero));
    }
  }
  switch (op) {
    case Binary.Eq: return i32x4.eq(x, y);
    case Binary.Ne: return i32x4.ne(x, y);
    case Binary.Lt: return i32x4.lt_s(x, y);
    case Binary.Le: return i32x4.le_s(x, y);
    case Binary.Gt: return i32x4.gt_s(x, y);
    case Binary.Ge: return i32x4.ge_s(x, y);
    case Binary.LogicalAnd: return v128.and(i32x4.ne(x, zero), i32x4.ne(y, zero));
    case Binary.LogicalOr: return v128.or(i32x4.ne(x, zero), i32x4.ne(y, zero));
    default: return v128.xor(i32x4.ne(x, zero), i32x4.ne(y, zero));
  }
}

/**
 * One row of a comparison or logical op on 4-byte inputs, 16 elements at a
 * time: four lane masks narrow to 16 bool bytes. sa / sb are 0 or 1; a
 * broadcast operand is splatted once.
 */
@inline
function compareRow<T>(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  const xs = v128.load32_splat(a);
  const ys = v128.load32_splat(b);
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const pa = a + off4(i);
    const pb = b + off4(i);
    const m0 = compareVector<T>(op, sa != 0 ? v128.load(pa) : xs, sb != 0 ? v128.load(pb) : ys);
    const m1 = compareVector<T>(op, sa != 0 ? v128.load(pa, 16) : xs, sb != 0 ? v128.load(pb, 16) : ys);
    const m2 = compareVector<T>(op, sa != 0 ? v128.load(pa, 32) : xs, sb != 0 ? v128.load(pb, 32) : ys);
    const m3 = compareVector<T>(op, sa != 0 ? v128.load(pa, 48) : xs, sb != 0 ? v128.load(pb, 48) : ys);
    v128.store(out + <usize>i, masksToBytes(m0, m1, m2, m3));
  }
  for (; i < n; i++) {
    store<u8>(out + <usize>i, <u8>compare<T>(op, load<T>(a + off4(i * sa)), load<T>(b + off4(i * sb))));
  }
}

/** One row of a SIMD-able f32 op; sa / sb are the inputs' strides (0 or 1). */
@inline
function f32RowVector(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  let i = 0;
  if (sa != 0 && sb != 0) {
    for (; i + 4 <= n; i += 4) v128.store(out + off4(i), f32Vector(op, v128.load(a + off4(i)), v128.load(b + off4(i))));
    if (i < n) storeTail32(out + off4(i), f32Vector(op, loadTail32(a + off4(i), n - i), loadTail32(b + off4(i), n - i)), n - i);
  } else if (sa != 0) {
    const y = v128.load32_splat(b);
    for (; i + 4 <= n; i += 4) v128.store(out + off4(i), f32Vector(op, v128.load(a + off4(i)), y));
    if (i < n) storeTail32(out + off4(i), f32Vector(op, loadTail32(a + off4(i), n - i), y), n - i);
  } else if (sb != 0) {
    const x = v128.load32_splat(a);
    for (; i + 4 <= n; i += 4) v128.store(out + off4(i), f32Vector(op, x, v128.load(b + off4(i))));
    if (i < n) storeTail32(out + off4(i), f32Vector(op, x, loadTail32(b + off4(i), n - i)), n - i);
  } else {
    const r = f32Vector(op, v128.load32_splat(a), v128.load32_splat(b));
    for (; i + 4 <= n; i += 4) v128.store(out + off4(i), r);
    if (i < n) storeTail32(out + off4(i), r, n - i);
  }
}

@inline
function f32Row(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  if (op <= Binary.Div || op == Binary.Max || op == Binary.Min) {
    f32RowVector(op, a, sa, b, sb, out, n);
  } else if (writesBool(op)) {
    compareRow<f32>(op, a, sa, b, sb, out, n);
  } else {
    for (let i = 0; i < n; i++) {
      store<f32>(out + off4(i), f32Scalar(op, load<f32>(a + off4(i * sa)), load<f32>(b + off4(i * sb))));
    }
  }
}

/** Integer power by squaring (wrapping); negative exponents give 0 (the contract's rule). */
@inline
function ipow(base: i32, e: i32): i32 {
  if (e < 0) return 0;
  let r = 1;
  while (e != 0) {
    if (e & 1) r *= base;
    base *= base;
    e >>= 1;
  }
  return r;
}

/** int32 arithmetic with Python's floor semantics; division by zero gives 0. */
@inline
function i32Scalar(op: i32, x: i32, y: i32): i32 {
  switch (op) {
    case Binary.Add: return x + y;
    case Binary.Sub: return x - y;
    case Binary.Mul: return x * y;
    case Binary.Pow: return ipow(x, y);
    case Binary.Max: return max(x, y);
    case Binary.Min: return min(x, y);
    case Binary.Mod: {
      if (y == 0) return 0;
      const r = x % y; // i32.rem_s does not trap on INT_MIN % -1
      return r != 0 && (r ^ y) < 0 ? r + y : r;
    }
    case Binary.FloorDiv: {
      if (y == 0) return 0;
      if (y == -1) return -x; // i32.div_s traps on INT_MIN / -1; wrap instead
      const q = x / y;
      return q * y != x && (x ^ y) < 0 ? q - 1 : q;
    }
    default: return 0;
  }
}

@inline
function i32Vector(op: i32, x: v128, y: v128): v128 {
  switch (op) {
    case Binary.Add: return i32x4.add(x, y);
    case Binary.Sub: return i32x4.sub(x, y);
    case Binary.Mul: return i32x4.mul(x, y);
    case Binary.Max: return i32x4.max_s(x, y);
    default: return i32x4.min_s(x, y);
  }
}

@inline
function i32Row(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  if (writesBool(op)) {
    compareRow<i32>(op, a, sa, b, sb, out, n);
    return;
  }
  let i = 0;
  if (op <= Binary.Mul || op == Binary.Max || op == Binary.Min) {
    if (sa != 0 && sb != 0) {
      for (; i + 4 <= n; i += 4) v128.store(out + off4(i), i32Vector(op, v128.load(a + off4(i)), v128.load(b + off4(i))));
    } else if (sa != 0) {
      const y = v128.load32_splat(b);
      for (; i + 4 <= n; i += 4) v128.store(out + off4(i), i32Vector(op, v128.load(a + off4(i)), y));
    } else if (sb != 0) {
      const x = v128.load32_splat(a);
      for (; i + 4 <= n; i += 4) v128.store(out + off4(i), i32Vector(op, x, v128.load(b + off4(i))));
    }
  }
  for (; i < n; i++) {
    store<i32>(out + off4(i), i32Scalar(op, load<i32>(a + off4(i * sa)), load<i32>(b + off4(i * sb))));
  }
}

/** One row of `T`'s op (`op` a constant after inlining, so each case compiles its own loop). */
@inline
function row<T>(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, n: i32): void {
  if (isFloat<T>()) f32Row(op, a, sa, b, sb, out, n);
  else i32Row(op, a, sa, b, sb, out, n);
}

/**
 * `T` (f32 or i32) binary op over a broadcast box described by `meta` (odometer.ts,
 * two operands: a then b), one contiguous innermost row at a time. `out` is
 * contiguous, of `T` or bool depending on the op.
 */
@inline
function binaryRows<T>(op: i32, a: usize, b: usize, out: usize, rank: i32, meta: usize): void {
  const n = dimSize(meta, rank - 1);
  const sa = strideOf(meta, rank, 0, rank - 1);
  const sb = strideOf(meta, rank, 1, rank - 1);
  const rows = rowCount(meta, rank);
  const outRow = <usize>n << (writesBool(op) ? 0 : 2);
  odoStart(meta, rank, 2);
  for (let r = 0; r < rows; r++) {
    const pa = a + off4(odoOffset(meta, rank, 2, 0));
    const pb = b + off4(odoOffset(meta, rank, 2, 1));
    const po = out + <usize>r * outRow;
    switch (op) {
      case Binary.Add: row<T>(Binary.Add, pa, sa, pb, sb, po, n); break;
      case Binary.Sub: row<T>(Binary.Sub, pa, sa, pb, sb, po, n); break;
      case Binary.Mul: row<T>(Binary.Mul, pa, sa, pb, sb, po, n); break;
      case Binary.Div: row<T>(Binary.Div, pa, sa, pb, sb, po, n); break;
      case Binary.Pow: row<T>(Binary.Pow, pa, sa, pb, sb, po, n); break;
      case Binary.Max: row<T>(Binary.Max, pa, sa, pb, sb, po, n); break;
      case Binary.Min: row<T>(Binary.Min, pa, sa, pb, sb, po, n); break;
      case Binary.Mod: row<T>(Binary.Mod, pa, sa, pb, sb, po, n); break;
      case Binary.FloorDiv: row<T>(Binary.FloorDiv, pa, sa, pb, sb, po, n); break;
      case Binary.Eq: row<T>(Binary.Eq, pa, sa, pb, sb, po, n); break;
      case Binary.Ne: row<T>(Binary.Ne, pa, sa, pb, sb, po, n); break;
      case Binary.Lt: row<T>(Binary.Lt, pa, sa, pb, sb, po, n); break;
      case Binary.Le: row<T>(Binary.Le, pa, sa, pb, sb, po, n); break;
      case Binary.Gt: row<T>(Binary.Gt, pa, sa, pb, sb, po, n); break;
      case Binary.Ge: row<T>(Binary.Ge, pa, sa, pb, sb, po, n); break;
      case Binary.LogicalAnd: row<T>(Binary.LogicalAnd, pa, sa, pb, sb, po, n); break;
      case Binary.LogicalOr: row<T>(Binary.LogicalOr, pa, sa, pb, sb, po, n); break;
      case Binary.LogicalXor: row<T>(Binary.LogicalXor, pa, sa, pb, sb, po, n); break;
    }
    odoNext(meta, rank, 2);
  }
}

/** float32 binary op over a broadcast box (see {@link binaryRows}); `out` is float32 or bool. */
export function binaryF32(op: i32, a: usize, b: usize, out: usize, rank: i32, meta: usize): void {
  binaryRows<f32>(op, a, b, out, rank, meta);
}

/** int32 binary op over a broadcast box (see {@link binaryRows}); `out` is int32 or bool. */
export function binaryI32(op: i32, a: usize, b: usize, out: usize, rank: i32, meta: usize): void {
  binaryRows<i32>(op, a, b, out, rank, meta);
}

/**
 * bool binary op over a broadcast box. Values are 0/1 bytes; comparisons and
 * logical ops are as for int32, arithmetic results are stored as `!= 0`.
 */
export function binaryBool(op: i32, a: usize, b: usize, out: usize, rank: i32, meta: usize): void {
  const n = dimSize(meta, rank - 1);
  const sa = strideOf(meta, rank, 0, rank - 1);
  const sb = strideOf(meta, rank, 1, rank - 1);
  const rows = rowCount(meta, rank);
  odoStart(meta, rank, 2);
  for (let r = 0; r < rows; r++) {
    const pa = a + <usize>odoOffset(meta, rank, 2, 0);
    const pb = b + <usize>odoOffset(meta, rank, 2, 1);
    const po = out + <usize>r * <usize>n;
    for (let i = 0; i < n; i++) {
      const x = <i32>load<u8>(pa + <usize>(i * sa));
      const y = <i32>load<u8>(pb + <usize>(i * sb));
      const v = writesBool(op) ? <i32>compare<i32>(op, x, y) : <i32>(i32Scalar(op, x, y) != 0);
      store<u8>(po + <usize>i, <u8>v);
    }
    odoNext(meta, rank, 2);
  }
}
