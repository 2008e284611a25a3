/** cast, fill and copy. */
import { off4, storeTail32, loadTail32 } from './simd';

/** Writes the 32-bit pattern `bits` into `n` elements at `out`. */
export function fill32(out: usize, n: i32, bits: u32): void {
  const v = i32x4.splat(bits);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(out + off4(i), v);
  if (i < n) storeTail32(out + off4(i), v, n - i);
}

/** Writes the byte `value` into `n` bytes at `out`. */
export function fill8(out: usize, n: i32, value: u8): void {
  memory.fill(out, value, <usize>n);
}

/** Copies `bytes` bytes from `src` to `dst` (regions may overlap). */
export function copyBytes(dst: usize, src: usize, bytes: usize): void {
  memory.copy(dst, src, bytes);
}

/** float32 -> int32, truncating toward zero; NaN gives 0 and out-of-range values saturate. */
export function castF32ToI32(x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(out + off4(i), i32x4.trunc_sat_f32x4_s(v128.load(x + off4(i))));
  if (i < n) storeTail32(out + off4(i), i32x4.trunc_sat_f32x4_s(loadTail32(x + off4(i), n - i)), n - i);
}

/** int32 -> float32 (round to nearest). */
export function castI32ToF32(x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(out + off4(i), f32x4.convert_i32x4_s(v128.load(x + off4(i))));
  if (i < n) storeTail32(out + off4(i), f32x4.convert_i32x4_s(loadTail32(x + off4(i), n - i)), n - i);
}

/** float32 -> bool: x != 0 (NaN is true). */
export function castF32ToBool(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u8>(out + <usize>i, <u8>(load<f32>(x + off4(i)) != 0));
}

/** int32 -> bool: x != 0. */
export function castI32ToBool(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u8>(out + <usize>i, <u8>(load<i32>(x + off4(i)) != 0));
}

/** bool -> float32 (0 or 1). */
export function castBoolToF32(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f32>(out + off4(i), <f32>load<u8>(x + <usize>i));
}

/** bool -> int32 (0 or 1). */
export function castBoolToI32(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<i32>(out + off4(i), <i32>load<u8>(x + <usize>i));
}
