/**
 * Entry of the relaxed-SIMD build (kernels-relaxed.wasm). Same kernels; the
 * `relaxed-simd` feature flips `madd` (simd.ts) to `f32x4.relaxed_madd` at
 * compile time, which fuses the multiply-add on CPUs with FMA.
 */
export * from './index';
