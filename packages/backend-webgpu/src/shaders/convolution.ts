/**
 * The three programs of a window convolution (conv2d, depthwise) around the bodies
 * conv2d.ts and depthwise.ts supply. Forward and input gradient: one thread per
 * output (dx) element summing over its window (the windows covering it). Filter
 * gradient: one workgroup per filter entry, a tree sum over every output cell.
 * Parameters: window.ts.
 */
import type { FusedActivation } from '@keras/core';
import { elementwiseEntry, entry, header } from './common.js';
import { activationWgsl, MATH_WGSL } from './math.js';
import { forEachCoveringWindow, forEachWindowCell, GEOMETRY_WGSL, unravelNHWC } from './window.js';

/** Threads per workgroup of the per-output tree reductions (filter gradients). */
const TREE_WORKGROUP = 64;

/** What a forward pass adds as it stores: a bias per output channel (a binding before out), then an activation. */
export interface ConvEpilogue {
  bias: boolean;
  activation: FusedActivation;
}

/** The plain store: out = the window sum. */
const NO_EPILOGUE: ConvEpilogue = { bias: false, activation: 'linear' };

/**
 * WGSL of the forward pass: thread i, output cell (b, y, x, ch), runs `setup`, then
 * `body` for each in-bounds input cell (iy, ix) of its window, accumulating into `s`;
 * out[i] = activation(s + bias[ch]) per `epilogue`. Bindings: xs, weights, [bias,] out.
 */
export function convForwardShader(setup: string, body: string, epilogue: ConvEpilogue = NO_EPILOGUE): string {
  return `${header([
    { name: 'xs', type: 'f32', access: 'read' },
    { name: 'weights', type: 'f32', access: 'read' },
    ...(epilogue.bias ? [{ name: 'bias', type: 'f32', access: 'read' as const }] : []),
    { name: 'out', type: 'f32', access: 'read_write' },
  ])}
${epilogue.activation === 'linear' ? '' : MATH_WGSL}
${elementwiseEntry(`${GEOMETRY_WGSL}
${unravelNHWC('i', 'outH', 'outW', 'outC')}${setup}
  var s = 0.0;
${forEachWindowCell('y', 'x', body)}
  out[i] = ${activationWgsl(epilogue.activation, epilogue.bias ? '(s + bias[ch])' : 's')};`)}`;
}

/**
 * WGSL of the input gradient: thread i, input cell (b, y, x, ch), runs `setup`, then
 * `body` for each output cell (oy, ox) whose window covers it, accumulating into `s`;
 * dx[i] = s. Bindings: dy, weights, dx.
 */
export function convInputGradShader(setup: string, body: string): string {
  return `${header([
    { name: 'dy', type: 'f32', access: 'read' },
    { name: 'weights', type: 'f32', access: 'read' },
    { name: 'dx', type: 'f32', access: 'read_write' },
  ])}
${elementwiseEntry(`${GEOMETRY_WGSL}
${unravelNHWC('i', 'inH', 'inW', 'inC')}${setup}
  var s = 0.0;
${forEachCoveringWindow(body)}
  dx[i] = s;`)}`;
}

/**
 * WGSL of `windowTerm`, one term of a filter gradient: x[b, iy, ix, c] * dy[dyIndex],
 * or 0 where (iy, ix) falls in the padding.
 */
const WINDOW_TERM_WGSL = /* wgsl */ `
fn windowTerm(b: i32, iy: i32, ix: i32, dyIndex: i32, c: i32, inH: i32, inW: i32, inC: i32) -> f32 {
  if (iy < 0 || iy >= inH || ix < 0 || ix >= inW) { return 0.0; }
  return xs[((b * inH + iy) * inW + ix) * inC + c] * dy[dyIndex];
}`;

/**
 * WGSL of a workgroup that sums `term` (an f32 expression of `b`, `oy`, `ox`, i32) over
 * every output cell (b, oy, ox) and writes the total to out[wg]. `setup` runs first.
 */
function treeSumOverOutputCells(setup: string, term: string): string {
  return /* wgsl */ `
  let outputs = pu(0u);
  let live = wg < outputs;
${GEOMETRY_WGSL}
${setup}
  var s = 0.0;
  if (live) {
    let cells = u32(batch * outH * outW);
    for (var cell = lid; cell < cells; cell += ${TREE_WORKGROUP}u) {
      let ox = i32(cell) % outW;
      let oy = (i32(cell) / outW) % outH;
      let b = i32(cell) / (outW * outH);
      s += ${term};
    }
  }
  partial[lid] = s;
  workgroupBarrier();
  for (var step = ${TREE_WORKGROUP / 2}u; step > 0u; step = step / 2u) {
    if (lid < step) { partial[lid] = partial[lid] + partial[lid + step]; }
    workgroupBarrier();
  }
  if (live && lid == 0u) { out[wg] = partial[0]; }`;
}

/** The workgroup memory of {@link treeSumOverOutputCells}. */
const TREE_PARTIAL_WGSL = `var<workgroup> partial: array<f32, ${TREE_WORKGROUP}>;`;

/**
 * WGSL of a filter gradient (conv2d, depthwise): workgroup `wg` computes filter entry
 * wg as the sum over every output cell (b, oy, ox) of x[b, iy, ix, inChannel] *
 * dy[b, oy, ox, outChannel]. `setup` names `ky`, `kx` and the two channel variables
 * from `wg`. Bindings: xs, dy, out.
 */
export function convFilterGradShader(setup: string, outChannel: string, inChannel: string): string {
  return `${header([
    { name: 'xs', type: 'f32', access: 'read' },
    { name: 'dy', type: 'f32', access: 'read' },
    { name: 'out', type: 'f32', access: 'read_write' },
  ])}
${TREE_PARTIAL_WGSL}
${entry(TREE_WORKGROUP, treeSumOverOutputCells(setup, `windowTerm(b, oy * strideH - padTop + ky * dilationH, ox * strideW - padLeft + kx * dilationW,
        ((b * outH + oy) * outW + ox) * outC + ${outChannel}, ${inChannel}, inH, inW, inC)`))}
${WINDOW_TERM_WGSL}`;
}
