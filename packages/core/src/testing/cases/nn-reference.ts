/**
 * Float64 references of the nn ops, written as direct loops over the definitions
 * (Keras 3 / TF semantics), independent of the op layer's geometry code.
 */
import type { Ref } from '../ref.js';

/** The same data with another shape (sizes must agree). */
export function reshapeRef(x: Ref, shape: readonly number[]): Ref {
  return { shape: [...shape], data: x.data };
}

/** erf in double precision: its Taylor series below |x| = 3, a continued fraction of erfc above. */
export function erfRef(x: number): number {
  const a = Math.abs(x);
  if (a < 3) {
    let term = x;
    let total = x;
    for (let n = 1; n < 80; n++) {
      term *= (-x * x) / n;
      total += term / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * total;
  }
  // erfc(a) = exp(-a^2)/sqrt(pi) * 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + 2/(a + ...))))), evaluated bottom-up.
  let f = a;
  for (let k = 60; k >= 1; k--) f = a + k / 2 / f;
  const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

/** Output size and leading padding of one axis under TF/Keras 'valid' or 'same' padding. */
export function windowAxisRef(inSize: number, k: number, stride: number, dilation: number, padding: 'valid' | 'same'): [number, number] {
  const span = (k - 1) * dilation + 1;
  if (padding === 'valid') return [Math.floor((inSize - span) / stride) + 1, 0];
  const out = Math.ceil(inSize / stride);
  return [out, Math.floor(Math.max(0, (out - 1) * stride + span - inSize) / 2)];
}

/** Options of the 2-D window references. */
export interface Window2D {
  strides: [number, number];
  dilations?: [number, number];
  padding: 'valid' | 'same';
}

/**
 * 2-D cross-correlation, NHWC: x [N,H,W,C], w [kH,kW,C,M]. Regular: out channel m sums
 * every input channel. Depthwise: out channel c*M+m reads input channel c only.
 */
export function conv2dRef(x: Ref, w: Ref, win: Window2D, depthwise = false): Ref {
  const [n, h, wd, c] = x.shape as [number, number, number, number];
  const [kh, kw, , m] = w.shape as [number, number, number, number];
  const [sh, sw] = win.strides;
  const [dh, dw] = win.dilations ?? [1, 1];
  const [oh, pt] = windowAxisRef(h, kh, sh, dh, win.padding);
  const [ow, pl] = windowAxisRef(wd, kw, sw, dw, win.padding);
  const oc = depthwise ? c * m : m;
  const out = new Float64Array(n * oh * ow * oc);
  for (let b = 0; b < n; b++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) for (let o = 0; o < oc; o++) {
    let s = 0;
    for (let p = 0; p < kh; p++) for (let q = 0; q < kw; q++) {
      const y = i * sh - pt + p * dh;
      const z = j * sw - pl + q * dw;
      if (y < 0 || y >= h || z < 0 || z >= wd) continue;
      const channels = depthwise ? [Math.floor(o / m)] : Array.from({ length: c }, (_, ci) => ci);
      for (const ci of channels) {
        const wv = depthwise ? w.data[((p * kw + q) * c + ci) * m + (o % m)]! : w.data[((p * kw + q) * c + ci) * m + o]!;
        s += x.data[((b * h + y) * wd + z) * c + ci]! * wv;
      }
    }
    out[((b * oh + i) * ow + j) * oc + o] = s;
  }
  return { shape: [n, oh, ow, oc], data: out };
}

/**
 * Transposed 2-D convolution as Keras 3 defines it (its JAX backend): insert stride-1
 * zeros between input cells, pad each axis, and cross-correlate with the spatially
 * flipped kernel. x [N,H,W,Cin], w [kH,kW,Cout,Cin].
 */
export function convTranspose2dRef(x: Ref, w: Ref, win: Window2D, outputPadding: [number, number] | null = null): Ref {
  const [n, h, wd, cin] = x.shape as [number, number, number, number];
  const [kh, kw, cout] = w.shape as [number, number, number, number];
  const dil = win.dilations ?? [1, 1];
  const pads = [0, 1].map((a) => {
    const k = ((a === 0 ? kh : kw) - 1) * dil[a]! + 1;
    const s = win.strides[a]!;
    const op = outputPadding?.[a];
    if (win.padding === 'valid') return [k - 1, k - 1 + (op ?? Math.max(k, s) - k)];
    const total = op === undefined ? s + k - 2 : k + (k % 2) - 2 + op;
    const left = Math.min(Math.floor(total / 2) + (total % 2), k - 1);
    return [left, total - left];
  }) as [[number, number], [number, number]];
  // The dilated, padded input.
  const ph = (h - 1) * win.strides[0] + 1 + pads[0][0] + pads[0][1];
  const pw = (wd - 1) * win.strides[1] + 1 + pads[1][0] + pads[1][1];
  const padded = new Float64Array(n * ph * pw * cin);
  for (let b = 0; b < n; b++) for (let i = 0; i < h; i++) for (let j = 0; j < wd; j++) for (let c = 0; c < cin; c++) {
    const y = pads[0][0] + i * win.strides[0];
    const z = pads[1][0] + j * win.strides[1];
    padded[((b * ph + y) * pw + z) * cin + c] = x.data[((b * h + i) * wd + j) * cin + c]!;
  }
  // The flipped kernel with in/out swapped: [kh, kw, cin, cout].
  const flipped = new Float64Array(kh * kw * cin * cout);
  for (let p = 0; p < kh; p++) for (let q = 0; q < kw; q++) for (let o = 0; o < cout; o++) for (let c = 0; c < cin; c++) {
    flipped[(((kh - 1 - p) * kw + (kw - 1 - q)) * cin + c) * cout + o] = w.data[((p * kw + q) * cout + o) * cin + c]!;
  }
  return conv2dRef({ shape: [n, ph, pw, cin], data: padded }, { shape: [kh, kw, cin, cout], data: flipped }, { strides: [1, 1], dilations: dil, padding: 'valid' });
}

/** Max or average pooling, NHWC; padded cells are skipped (never the max, not counted). */
export function pool2dRef(x: Ref, pool: [number, number], win: Window2D, kind: 'max' | 'avg'): Ref {
  const [n, h, wd, c] = x.shape as [number, number, number, number];
  const [oh, pt] = windowAxisRef(h, pool[0], win.strides[0], 1, win.padding);
  const [ow, pl] = windowAxisRef(wd, pool[1], win.strides[1], 1, win.padding);
  const out = new Float64Array(n * oh * ow * c);
  for (let b = 0; b < n; b++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) for (let ch = 0; ch < c; ch++) {
    const cells: number[] = [];
    for (let p = 0; p < pool[0]; p++) for (let q = 0; q < pool[1]; q++) {
      const y = i * win.strides[0] - pt + p;
      const z = j * win.strides[1] - pl + q;
      if (y >= 0 && y < h && z >= 0 && z < wd) cells.push(x.data[((b * h + y) * wd + z) * c + ch]!);
    }
    out[((b * oh + i) * ow + j) * c + ch] = kind === 'max' ? Math.max(...cells) : cells.reduce((a, v) => a + v, 0) / cells.length;
  }
  return { shape: [n, oh, ow, c], data: out };
}

/** Lifts a 1-D (N, W, C) reference input to 2-D (N, 1, W, C). */
export function lift1dRef(x: Ref): Ref {
  return reshapeRef(x, [x.shape[0]!, 1, ...x.shape.slice(1)]);
}

/** Drops the height axis of a lifted 1-D result: (N, 1, W, C) to (N, W, C). */
export function lower1dRef(x: Ref): Ref {
  return reshapeRef(x, [x.shape[0]!, ...x.shape.slice(2)]);
}
