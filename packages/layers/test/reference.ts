/**
 * Float64 references of the layers' forward passes, written plainly (row-major, channels-last).
 */

/** x [rows, k] @ w [k, n] + b [n]. */
export function denseRef(x: Float64Array, w: Float64Array, b: Float64Array | null, rows: number, k: number, n: number): Float64Array {
  const out = new Float64Array(rows * n);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++) {
      let acc = b ? b[j]! : 0;
      for (let i = 0; i < k; i++) acc += x[r * k + i]! * w[i * n + j]!;
      out[r * n + j] = acc;
    }
  }
  return out;
}

/** The geometry of a 2-D window op (1-D ops use height 1). */
export interface Window2D {
  batch: number; inH: number; inW: number; inC: number;
  kH: number; kW: number; sH: number; sW: number; dH: number; dW: number;
  padding: 'valid' | 'same';
}

/** Output size and leading padding along one axis, TF/Keras style. */
export function axisOut(size: number, k: number, s: number, d: number, padding: 'valid' | 'same'): { out: number; before: number } {
  const span = d * (k - 1) + 1;
  if (padding === 'valid') return { out: Math.floor((size - span) / s) + 1, before: 0 };
  const out = Math.ceil(size / s);
  const total = Math.max(0, (out - 1) * s + span - size);
  return { out, before: Math.floor(total / 2) };
}

/** Conv2D, channels-last: x [b, h, w, c], kernel [kh, kw, c, f], bias [f]. */
export function conv2dRef(x: Float64Array, kernel: Float64Array, bias: Float64Array | null, g: Window2D, filters: number): { out: Float64Array; outH: number; outW: number } {
  const hh = axisOut(g.inH, g.kH, g.sH, g.dH, g.padding);
  const ww = axisOut(g.inW, g.kW, g.sW, g.dW, g.padding);
  const out = new Float64Array(g.batch * hh.out * ww.out * filters);
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < hh.out; oy++) {
      for (let ox = 0; ox < ww.out; ox++) {
        for (let f = 0; f < filters; f++) {
          let acc = bias ? bias[f]! : 0;
          for (let ky = 0; ky < g.kH; ky++) {
            const iy = oy * g.sH + ky * g.dH - hh.before;
            if (iy < 0 || iy >= g.inH) continue;
            for (let kx = 0; kx < g.kW; kx++) {
              const ix = ox * g.sW + kx * g.dW - ww.before;
              if (ix < 0 || ix >= g.inW) continue;
              for (let c = 0; c < g.inC; c++) {
                acc += x[((b * g.inH + iy) * g.inW + ix) * g.inC + c]! * kernel[((ky * g.kW + kx) * g.inC + c) * filters + f]!;
              }
            }
          }
          out[((b * hh.out + oy) * ww.out + ox) * filters + f] = acc;
        }
      }
    }
  }
  return { out, outH: hh.out, outW: ww.out };
}

/** Max or average pooling, channels-last (padded cells ignored). */
export function pool2dRef(x: Float64Array, g: Window2D, mode: 'max' | 'avg'): Float64Array {
  const hh = axisOut(g.inH, g.kH, g.sH, 1, g.padding);
  const ww = axisOut(g.inW, g.kW, g.sW, 1, g.padding);
  const out = new Float64Array(g.batch * hh.out * ww.out * g.inC);
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < hh.out; oy++) {
      for (let ox = 0; ox < ww.out; ox++) {
        for (let c = 0; c < g.inC; c++) {
          let acc = mode === 'max' ? -Infinity : 0;
          let count = 0;
          for (let ky = 0; ky < g.kH; ky++) {
            const iy = oy * g.sH + ky - hh.before;
            if (iy < 0 || iy >= g.inH) continue;
            for (let kx = 0; kx < g.kW; kx++) {
              const ix = ox * g.sW + kx - ww.before;
              if (ix < 0 || ix >= g.inW) continue;
              const v = x[((b * g.inH + iy) * g.inW + ix) * g.inC + c]!;
              acc = mode === 'max' ? Math.max(acc, v) : acc + v;
              count++;
            }
          }
          out[((b * hh.out + oy) * ww.out + ox) * g.inC + c] = mode === 'max' ? acc : acc / count;
        }
      }
    }
  }
  return out;
}

/** Mean and biased variance of x viewed as [rows, features], per feature. */
export function featureMoments(x: Float64Array, features: number): { mean: Float64Array; variance: Float64Array } {
  const rows = x.length / features;
  const mean = new Float64Array(features);
  const variance = new Float64Array(features);
  for (let r = 0; r < rows; r++) for (let f = 0; f < features; f++) mean[f]! += x[r * features + f]! / rows;
  for (let r = 0; r < rows; r++) for (let f = 0; f < features; f++) variance[f]! += (x[r * features + f]! - mean[f]!) ** 2 / rows;
  return { mean, variance };
}

/** (x - mean) / sqrt(var + eps) * gamma + beta per feature (last axis). */
export function normalizeRef(x: Float64Array, features: number, mean: ArrayLike<number>, variance: ArrayLike<number>, eps: number, gamma?: ArrayLike<number>, beta?: ArrayLike<number>): Float64Array {
  return x.map((v, i) => {
    const f = i % features;
    return ((v - mean[f]!) / Math.sqrt(variance[f]! + eps)) * (gamma ? gamma[f]! : 1) + (beta ? beta[f]! : 0);
  });
}

/** LayerNormalization over the last axis of x viewed as [rows, features]. */
export function layerNormRef(x: Float64Array, features: number, eps: number, gamma?: ArrayLike<number>, beta?: ArrayLike<number>): Float64Array {
  const out = new Float64Array(x.length);
  for (let r = 0; r < x.length / features; r++) {
    const row = x.subarray(r * features, (r + 1) * features);
    const m = row.reduce((a, b) => a + b, 0) / features;
    const v = row.reduce((a, b) => a + (b - m) ** 2, 0) / features;
    for (let f = 0; f < features; f++) out[r * features + f] = ((row[f]! - m) / Math.sqrt(v + eps)) * (gamma ? gamma[f]! : 1) + (beta ? beta[f]! : 0);
  }
  return out;
}
