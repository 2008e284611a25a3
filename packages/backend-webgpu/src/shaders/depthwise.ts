/**
 * Depthwise 2-D convolution (filter [kH, kW, inC, multiplier]; out channel
 * c * multiplier + q reads in channel c) and both gradients, on the programs of
 * convolution.ts. The multiplier is outC / inC.
 */
import { convFilterGradShader, convForwardShader, convInputGradShader } from './convolution.js';

/** WGSL of depthwise conv2d. */
export function depthwiseShader(): string {
  return convForwardShader(`
  let c = ch / (outC / inC);`, '      s += xs[((b * inH + iy) * inW + ix) * inC + c] * weights[(ky * kW + kx) * outC + ch];');
}

/** WGSL of the depthwise input gradient. */
export function depthwiseBackpropInputShader(): string {
  return convInputGradShader(`
  let mult = outC / inC;`, `      let dyBase = ((b * outH + oy) * outW + ox) * outC + ch * mult;
      let wBase = (ky * kW + kx) * outC + ch * mult;
      for (var q = 0; q < mult; q++) {
        s += dy[dyBase + q] * weights[wBase + q];
      }`);
}

/** WGSL of the depthwise filter gradient: dw[ky, kx, c, q] = sum over (b, oy, ox) of x[.., c] dy[.., c * mult + q]. */
export function depthwiseBackpropFilterShader(): string {
  return convFilterGradShader(`
  let o = i32(wg) % outC;
  let c = o / (outC / inC);
  let kx = (i32(wg) / outC) % kW;
  let ky = i32(wg) / (outC * kW);`, 'o', 'c');
}
