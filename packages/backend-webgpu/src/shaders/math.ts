/**
 * WGSL helpers for the float math that WGSL's built-ins leave loose: NaN tests on
 * the bits (compilers may fold `x != x`), NaN-propagating max/min, and accurate
 * expm1, log1p, tanh, sigmoid, erf/erfc and pow, ported from the wasm kernels'
 * formulations so both backends agree to a few ulp.
 */

import type { FusedActivation } from '@keras/core';

/** WGSL of a fused activation applied to the f32 expression `v` (sigmoid and tanh need {@link MATH_WGSL}). */
export function activationWgsl(activation: FusedActivation, v: string): string {
  switch (activation) {
    case 'relu': return `select(${v}, 0.0, ${v} < 0.0)`;
    case 'sigmoid': return `sigmoidF(${v})`;
    case 'tanh': return `tanhF(${v})`;
    default: return v;
  }
}

/** Every helper; programs include it whole (unused functions cost nothing after compilation). */
export const MATH_WGSL = /* wgsl */ `
const F32_INF_BITS = 0x7f800000u;
// NaN and Infinity are not WGSL constants (constant evaluation rejects them): build them at run time.
var<private> nanBits: u32 = 0x7fc00000u;
var<private> infBits: u32 = F32_INF_BITS;
fn nanF() -> f32 { return bitcast<f32>(nanBits); }
fn infF() -> f32 { return bitcast<f32>(infBits); }
fn isNan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > F32_INF_BITS; }
fn isInf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == F32_INF_BITS; }
fn isFinite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) < F32_INF_BITS; }

// np.maximum / np.minimum: NaN in either operand gives NaN.
fn maxF(a: f32, b: f32) -> f32 { if (isNan(a) || isNan(b)) { return nanF(); } return max(a, b); }
fn minF(a: f32, b: f32) -> f32 { if (isNan(a) || isNan(b)) { return nanF(); } return min(a, b); }

// e^x - 1 by Kahan's trick: (u - 1) x / log(u) cancels the rounding error of u = e^x.
fn expm1F(x: f32) -> f32 {
  let u = exp(x);
  if (u == 1.0) { return x; }
  let um = u - 1.0;
  if (um == -1.0) { return -1.0; }
  if (isInf(u)) { return u; }
  return um * x / log(u);
}

// log(1 + x), with the same trick: log(u) x / (u - 1) for u = 1 + x.
fn log1pF(x: f32) -> f32 {
  let u = 1.0 + x;
  if (u == 1.0) { return x; }
  if (isInf(u)) { return u; }
  return log(u) * x / (u - 1.0);
}

// 1 / (1 + e^-x) from e = e^-|x|, so large negative inputs keep their relative accuracy.
fn sigmoidF(x: f32) -> f32 {
  let e = exp(-abs(x));
  return select(1.0, e, x < 0.0) / (1.0 + e);
}

// tanh(x) = t / (t + 2) with t = e^(2|x|) - 1: exact near 0, no overflow (|x| clamped at 10).
fn tanhF(x: f32) -> f32 {
  if (isNan(x)) { return x; }
  let a = min(abs(x), 10.0);
  let t = expm1F(a + a);
  let y = t / (t + 2.0);
  return select(y, -y, x < 0.0);
}

// erf(z) for |z| <= 1/2: 13 terms of its Maclaurin series.
fn erfSeries(z: f32) -> f32 {
  let z2 = z * z;
  var term = z;
  var sum = z;
  for (var n = 1; n <= 12; n++) {
    term = term * (-z2 / f32(n));
    sum += term / f32(2 * n + 1);
  }
  return sum * 1.1283791670955126;
}

// erfc(z) for z >= 0: Numerical Recipes' erfcc (fractional error below 1.2e-7).
fn erfcPositive(z: f32) -> f32 {
  let t = 1.0 / (1.0 + 0.5 * z);
  let poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * exp(-z * z + poly);
}

fn erfF(x: f32) -> f32 {
  let z = abs(x);
  if (z <= 0.5) { return erfSeries(x); }
  let r = 1.0 - erfcPositive(z);
  return select(r, -r, x < 0.0);
}

// 1 - erf(x), accurate for large positive x (exact GELU uses it for negative inputs).
fn erfcF(x: f32) -> f32 {
  if (abs(x) <= 0.5) { return 1.0 - erfSeries(x); }
  if (x > 0.0) { return erfcPositive(x); }
  return 2.0 - erfcPositive(-x);
}

// x^y as C's pow: small integer exponents by repeated squaring (exact for squares),
// negative bases with integer exponents, NaN for negative bases otherwise.
fn powF(x: f32, y: f32) -> f32 {
  if (y == 0.0) { return 1.0; }
  if (isNan(x) || isNan(y)) { return nanF(); }
  let integral = floor(y) == y;
  if (integral && abs(y) <= 64.0) {
    var e = u32(abs(y));
    var b = x;
    var r = 1.0;
    loop {
      if ((e & 1u) == 1u) { r = r * b; }
      e = e >> 1u;
      if (e == 0u) { break; }
      b = b * b;
    }
    return select(r, 1.0 / r, y < 0.0);
  }
  if (x == 0.0) { return select(0.0, infF(), y < 0.0); }
  let r = exp2(y * log2(abs(x)));
  if (x > 0.0) { return r; }
  if (!integral) { return nanF(); }
  let odd = floor(y * 0.5) * 2.0 != y;
  return select(r, -r, odd);
}

// sin, cos and tan with our own range reduction: WGSL only promises 2^-11 absolute error
// for its built-ins (SwiftShader's are off by ~1e-4 at |x| = 4). x = j pi/2 + r with pi/2 split
// in three parts (Cody-Waite), then Cephes' minimax polynomials on |r| <= pi/4.
struct Quadrant { r: f32, q: i32 }
fn reduceHalfPi(x: f32) -> Quadrant {
  let j = round(x * 0.6366197723675814);
  let r = ((x - j * 1.5703125) - j * 4.837512969970703125e-4) - j * 7.54978995489188216e-8;
  return Quadrant(r, i32(j) & 3);
}
fn sinPoly(r: f32) -> f32 {
  let z = r * r;
  return r + r * z * (-1.6666654611e-1 + z * (8.3321608736e-3 + z * -1.9515295891e-4));
}
fn cosPoly(r: f32) -> f32 {
  let z = r * r;
  return 1.0 - 0.5 * z + z * z * (4.166664568298827e-2 + z * (-1.388731625493765e-3 + z * 2.443315711809948e-5));
}
fn sinF(x: f32) -> f32 {
  let h = reduceHalfPi(x);
  let v = select(sinPoly(h.r), cosPoly(h.r), (h.q & 1) == 1);
  return select(v, -v, h.q >= 2);
}
fn cosF(x: f32) -> f32 {
  let h = reduceHalfPi(x);
  let v = select(cosPoly(h.r), sinPoly(h.r), (h.q & 1) == 1);
  return select(v, -v, h.q == 1 || h.q == 2);
}
fn tanF(x: f32) -> f32 {
  let h = reduceHalfPi(x);
  let s = sinPoly(h.r);
  let c = cosPoly(h.r);
  return select(s / c, -c / s, (h.q & 1) == 1);
}

// int32 power by squaring (wrapping); negative exponents give 0 (the kernel contract).
fn powI(base: i32, exponent: i32) -> i32 {
  if (exponent < 0) { return 0; }
  var e = exponent;
  var b = base;
  var r = 1;
  loop {
    if (e == 0) { break; }
    if ((e & 1) == 1) { r = r * b; }
    b = b * b;
    e = e >> 1u;
  }
  return r;
}
`;
