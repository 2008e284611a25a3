/**
 * conv2d at the reference shape: batch 32, 28x28x32 -> 64 channels, 3x3, 'same',
 * forward and both gradients (input and filter).
 */
import { randomArray } from '../util.mjs';

/** The reference geometry (NHWC, stride 1, padding 1). */
export const REF_GEOMETRY = {
  batch: 32, inH: 28, inW: 28, inC: 32, outH: 28, outW: 28, outC: 64,
  kH: 3, kW: 3, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, padTop: 1, padLeft: 1,
};

/** Floating-point operations of one forward pass (or either gradient) of the convolution `g`. */
export function convFlops(g) {
  return 2 * g.batch * g.outH * g.outW * g.outC * g.kH * g.kW * g.inC;
}

const IMPL = { keras: 'kerasConv', tfjs: 'tfjsConv', jax: 'jaxConv', ort: 'ortConv' };

/** The three conv2d cases; tfjs-cpu (about 1 s a call) runs only with `slow`. */
export function convCases({ slow = false } = {}) {
  const g = REF_GEOMETRY;
  const flops = convFlops(g);
  let data;
  const make = (role) => (fam, peer) => {
    data ??= {
      x: randomArray(g.batch * g.inH * g.inW * g.inC, 1, 3),
      w: randomArray(g.kH * g.kW * g.inC * g.outC, 0.1, 4),
      dy: randomArray(g.batch * g.outH * g.outW * g.outC, 1, 5),
    };
    return fam[IMPL[peer.family]](peer, role, g, data.x, data.w, data.dy);
  };
  const skip = slow ? {} : { 'tfjs-cpu': 'too slow (about 1 s a call); --slow runs it' };
  const shape = 'batch 32, 28x28x32 -> 64, 3x3 same';
  return [
    { id: 'conv2d-fwd', group: 'conv', title: `conv2d forward, ${shape}`, flops, families: ['keras', 'tfjs', 'jax', 'ort'], skip, make: make('forward') },
    { id: 'conv2d-bwd-input', group: 'conv', title: 'conv2d input gradient, same shape', flops, families: ['keras', 'tfjs'], skip, make: make('input') },
    { id: 'conv2d-bwd-filter', group: 'conv', title: 'conv2d filter gradient, same shape', flops, families: ['keras', 'tfjs'], skip, make: make('filter') },
  ];
}
