/**
 * Max and average pooling (NHWC, dilation 1) and their gradients. Padded cells
 * are skipped: never the max, not counted in the average. Gradients run one thread
 * per dx cell, summing over every window that covers it, so overlapping windows
 * accumulate without atomics: max pooling routes dy to the first maximum of each
 * window (row-major scan, NaN counts as the maximum), average pooling spreads dy
 * over the window's valid cells. Parameters: window.ts.
 */
import { elementwiseEntry, header } from './common.js';
import { MATH_WGSL } from './math.js';
import { forEachCoveringWindow, forEachWindowCell, GEOMETRY_WGSL, unravelNHWC } from './window.js';

/** WGSL returning the flat x index of the first maximum of window (b, oy, ox, ch), or -1 if it has no valid cell. */
const ARGMAX_WINDOW = /* wgsl */ `
fn windowArgmax(b: i32, oy: i32, ox: i32, ch: i32) -> i32 {
${GEOMETRY_WGSL}
  var best = -1;
  var bestValue = 0.0;
${forEachWindowCell('oy', 'ox', `      let idx = ((b * inH + iy) * inW + ix) * inC + ch;
      let v = xs[idx];
      if (best < 0 || (!isNan(bestValue) && (v > bestValue || isNan(v)))) {
        best = idx;
        bestValue = v;
      }`, false)}
  return best;
}
`;

/** WGSL of max pooling (`max`) or average pooling. */
export function poolShader(max: boolean): string {
  return `${header([
    { name: 'xs', type: 'f32', access: 'read' },
    { name: 'out', type: 'f32', access: 'read_write' },
  ])}
${MATH_WGSL}
${elementwiseEntry(`${GEOMETRY_WGSL}
${unravelNHWC('i', 'outH', 'outW', 'outC')}
  var acc = ${max ? '-infF()' : '0.0'};
  var count = 0;
${forEachWindowCell('y', 'x', `      let v = xs[((b * inH + iy) * inW + ix) * inC + ch];
      acc = ${max ? 'maxF(acc, v)' : 'acc + v'};
      count++;`, false)}
  out[i] = ${max ? 'acc' : 'acc / f32(count)'};`)}`;
}

/** WGSL that visits, for dx cell (b, y, x, ch), every output window (oy, ox) covering it, running `body` with `dyIndex` in scope. */
function coveringWindows(body: string): string {
  return forEachCoveringWindow(`      let dyIndex = ((b * outH + oy) * outW + ox) * outC + ch;
${body}`, false);
}

/** WGSL of the max pooling gradient. */
export function maxPoolGradShader(): string {
  return `${header([
    { name: 'xs', type: 'f32', access: 'read' },
    { name: 'dy', type: 'f32', access: 'read' },
    { name: 'dx', type: 'f32', access: 'read_write' },
  ])}
${MATH_WGSL}
${ARGMAX_WINDOW}
${elementwiseEntry(`${GEOMETRY_WGSL}
${unravelNHWC('i', 'inH', 'inW', 'inC')}
  var s = 0.0;
${coveringWindows('      if (windowArgmax(b, oy, ox, ch) == i32(i)) { s += dy[dyIndex]; }')}
  dx[i] = s;`)}`;
}

/** WGSL of the average pooling gradient. */
export function avgPoolGradShader(): string {
  return `${header([
    { name: 'dy', type: 'f32', access: 'read' },
    { name: 'dx', type: 'f32', access: 'read_write' },
  ])}
${elementwiseEntry(`${GEOMETRY_WGSL}
${unravelNHWC('i', 'inH', 'inW', 'inC')}
  var s = 0.0;
${coveringWindows(`      let rows = min(oy * strideH - padTop + kH, inH) - max(oy * strideH - padTop, 0);
      let cols = min(ox * strideW - padLeft + kW, inW) - max(ox * strideW - padLeft, 0);
      s += dy[dyIndex] / f32(rows * cols);`)}
  dx[i] = s;`)}`;
}
