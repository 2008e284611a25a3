/**
 * Direct 2-D convolution (NHWC, filter [kH, kW, inC, outC]) and both gradients, on the
 * programs of convolution.ts. Forward and input gradient loop over the channels inside
 * each window cell, so adjacent threads read adjacent filter entries. The input gradient
 * walks each dx cell's window in reverse, which is the exact adjoint for any stride,
 * dilation and padding, so it also serves transposed convolution.
 */
import { convFilterGradShader, convForwardShader, convInputGradShader, type ConvEpilogue } from './convolution.js';

/** WGSL of conv2d: out[b, oy, ox, oc] = activation(sum x[b, iy, ix, ic] w[ky, kx, ic, oc] + bias[oc]) per `epilogue`. */
export function conv2dShader(epilogue: ConvEpilogue): string {
  return convForwardShader('', `      let xBase = ((b * inH + iy) * inW + ix) * inC;
      let wBase = (ky * kW + kx) * inC * outC + ch;
      for (var ic = 0; ic < inC; ic++) {
        s += xs[xBase + ic] * weights[wBase + ic * outC];
      }`, epilogue);
}

/** WGSL of the input gradient: dx[b, iy, ix, ic] = sum over windows covering it of dy * w. */
export function conv2dBackpropInputShader(): string {
  return convInputGradShader('', `      let dyBase = ((b * outH + oy) * outW + ox) * outC;
      let wBase = ((ky * kW + kx) * inC + ch) * outC;
      for (var oc = 0; oc < outC; oc++) {
        s += dy[dyBase + oc] * weights[wBase + oc];
      }`);
}

/** WGSL of the filter gradient: dw[ky, kx, ic, oc] = sum over (b, oy, ox) of x * dy. */
export function conv2dBackpropFilterShader(): string {
  return convFilterGradShader(`
  let oc = i32(wg) % outC;
  let ic = (i32(wg) / outC) % inC;
  let kx = (i32(wg) / (outC * inC)) % kW;
  let ky = i32(wg) / (outC * inC * kW);`, 'oc', 'ic');
}
