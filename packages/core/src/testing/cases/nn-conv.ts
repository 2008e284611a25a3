/**
 * Conformance cases of convolution and pooling: 1-D and 2-D, strides 1/2/3, dilation,
 * 'valid' and 'same', odd sizes, batch 1, single and odd channel counts, empty batches.
 * Tolerance 1e-5 * sqrt(reduction length), as for matmul.
 */
import type { FusedActivation } from '../../backend/kernels.js';
import { averagePool, conv, convTranspose, depthwiseConv, fusedConv, maxPool, separableConv } from '../../ops/index.js';
import type { OpCase } from '../case.js';
import { epilogueRef, type Ref } from '../ref.js';
import { conv2dRef, convTranspose2dRef, lift1dRef, lower1dRef, pool2dRef, type Window2D } from './nn-reference.js';

type Pad = 'valid' | 'same';

/** A window op's setting: shapes, strides, dilation, padding, per spatial axis. */
interface ConvSetting {
  x: number[];
  w: number[];
  strides: number[];
  dilation?: number[];
  padding: Pad;
  grad?: boolean;
}

/** The 2-D reference window of a 1-D or 2-D setting. */
function window(s: ConvSetting): Window2D {
  const lift = (v: number[]): [number, number] => (v.length === 1 ? [1, v[0]!] : [v[0]!, v[1]!]);
  return { strides: lift(s.strides), dilations: lift(s.dilation ?? s.strides.map(() => 1)), padding: s.padding };
}

/** Runs a 2-D reference on 1-D inputs by lifting them (the kernel gets a unit height too). */
function spatialRef(s: ConvSetting, f: (x: Ref, w: Ref) => Ref): (x: Ref, w: Ref) => Ref {
  if (s.x.length === 4) return f;
  return (x, w) => lower1dRef(f(lift1dRef(x), { shape: [1, ...w.shape], data: w.data }));
}

/** A readable case name: shapes and options. */
function label(op: string, s: ConvSetting, extra = ''): string {
  const dil = s.dilation ? ` dilation ${JSON.stringify(s.dilation)}` : '';
  return `${op} ${s.x.length - 2}-D x ${JSON.stringify(s.x)} w ${JSON.stringify(s.w)} strides ${JSON.stringify(s.strides)}${dil} ${s.padding}${extra}`;
}

const tolFor = (w: number[], reduced: number): number => 1e-5 * Math.sqrt(Math.max(1, w.slice(0, -2).reduce((a, b) => a * b, 1) * reduced));

const CONV: ConvSetting[] = [
  { x: [1, 5, 5, 1], w: [3, 3, 1, 1], strides: [1, 1], padding: 'valid', grad: true },
  { x: [2, 7, 6, 3], w: [3, 2, 3, 4], strides: [2, 2], padding: 'same' },
  { x: [1, 4, 5, 3], w: [3, 2, 3, 2], strides: [2, 2], padding: 'same', grad: true },
  { x: [1, 7, 7, 1], w: [3, 3, 1, 3], strides: [3, 3], padding: 'valid', grad: true },
  { x: [1, 7, 7, 2], w: [3, 3, 2, 3], strides: [3, 3], padding: 'valid' },
  { x: [2, 8, 7, 1], w: [3, 3, 1, 2], strides: [1, 1], dilation: [2, 2], padding: 'same' },
  { x: [1, 6, 5, 3], w: [2, 3, 3, 5], strides: [2, 1], dilation: [1, 2], padding: 'valid' },
  { x: [1, 5, 6, 1], w: [2, 2, 1, 1], strides: [3, 2], dilation: [2, 1], padding: 'same', grad: true },
  { x: [1, 4, 4, 2], w: [1, 1, 2, 3], strides: [1, 1], padding: 'valid' },
  { x: [0, 4, 4, 2], w: [3, 3, 2, 2], strides: [1, 1], padding: 'same' },
  { x: [1, 3, 3, 0], w: [2, 2, 0, 2], strides: [1, 1], padding: 'valid' },
  { x: [2, 9, 3], w: [3, 3, 2], strides: [1], padding: 'valid' },
  { x: [1, 10, 1], w: [4, 1, 3], strides: [3], padding: 'same', grad: true },
  { x: [2, 11, 2], w: [3, 2, 1], strides: [1], dilation: [2], padding: 'same', grad: true },
  { x: [1, 8, 3], w: [5, 3, 2], strides: [2], padding: 'valid' },
  // 3x3, stride 1, channels in fours from 16: the wasm backend's Winograd path, its tiles overhanging the output.
  { x: [2, 9, 7, 16], w: [3, 3, 16, 20], strides: [1, 1], padding: 'same' },
  { x: [1, 11, 10, 20], w: [3, 3, 20, 16], strides: [1, 1], padding: 'valid' },
];

/** Fused convolutions: a setting, whether it has a bias, and the activation in its store. */
const FUSED: [ConvSetting, boolean, FusedActivation][] = [
  [{ x: [2, 6, 5, 1], w: [3, 3, 1, 4], strides: [1, 1], padding: 'valid', grad: true }, true, 'relu'],
  [{ x: [1, 5, 4, 3], w: [3, 2, 3, 5], strides: [2, 1], padding: 'same', grad: true }, true, 'sigmoid'],
  [{ x: [1, 4, 4, 2], w: [1, 1, 2, 9], strides: [1, 1], padding: 'valid', grad: true }, true, 'tanh'],
  [{ x: [1, 6, 6, 2], w: [2, 2, 2, 3], strides: [2, 2], dilation: [1, 1], padding: 'valid', grad: true }, false, 'relu'],
  [{ x: [2, 7, 3], w: [3, 3, 2], strides: [1], dilation: [2], padding: 'same', grad: true }, true, 'linear'],
  [{ x: [2, 9, 10, 2], w: [2, 2, 2, 19], strides: [1, 1], padding: 'valid', grad: true }, true, 'sigmoid'],
  [{ x: [1, 7, 6, 1], w: [3, 3, 1, 16], strides: [1, 1], padding: 'same', grad: true }, true, 'relu'],
  [{ x: [0, 4, 4, 2], w: [3, 3, 2, 2], strides: [1, 1], padding: 'same' }, true, 'relu'],
  [{ x: [1, 3, 3, 0], w: [2, 2, 0, 3], strides: [1, 1], padding: 'valid' }, true, 'sigmoid'],
  [{ x: [1, 8, 8, 16], w: [3, 3, 16, 16], strides: [1, 1], padding: 'same' }, true, 'relu'],
];

const DEPTHWISE: ConvSetting[] = [
  { x: [1, 6, 6, 3], w: [3, 3, 3, 1], strides: [1, 1], padding: 'same' },
  { x: [2, 7, 5, 2], w: [3, 2, 2, 2], strides: [2, 2], padding: 'valid' },
  { x: [1, 5, 4, 2], w: [3, 3, 2, 2], strides: [2, 1], padding: 'same', grad: true },
  { x: [1, 7, 7, 1], w: [3, 3, 1, 2], strides: [3, 3], padding: 'same' },
  { x: [2, 9, 3], w: [3, 3, 2], strides: [1], dilation: [2], padding: 'same', grad: true },
  { x: [1, 8, 1], w: [2, 1, 1], strides: [3], padding: 'valid', grad: true },
];

/** Transposed convolutions: kernel (k, outC, inC); `outputPadding` optional. */
const TRANSPOSE: (ConvSetting & { outputPadding?: number[] })[] = [
  { x: [1, 3, 3, 2], w: [3, 3, 4, 2], strides: [2, 2], padding: 'same' },
  { x: [1, 2, 3, 2], w: [3, 3, 2, 2], strides: [2, 2], padding: 'same', grad: true },
  { x: [1, 4, 3, 3], w: [2, 3, 1, 3], strides: [1, 1], padding: 'valid', grad: true },
  { x: [2, 4, 3, 3], w: [2, 3, 1, 3], strides: [1, 1], padding: 'valid' },
  { x: [1, 3, 4, 1], w: [3, 3, 2, 1], strides: [2, 2], padding: 'valid' },
  { x: [1, 3, 3, 1], w: [3, 3, 2, 1], strides: [2, 2], padding: 'same', outputPadding: [1, 0] },
  { x: [1, 3, 2, 1], w: [3, 2, 1, 1], strides: [3, 2], padding: 'valid', outputPadding: [2, 1], grad: true },
  { x: [2, 5, 3], w: [3, 2, 3], strides: [3], padding: 'same', grad: true },
  { x: [1, 4, 2], w: [2, 1, 2], strides: [1], dilation: [2], padding: 'valid', grad: true },
  { x: [1, 3, 2], w: [2, 2, 2], strides: [3], padding: 'valid' },
  { x: [1, 4, 1], w: [4, 1, 1], strides: [2], dilation: [2], padding: 'same' },
  { x: [1, 7, 6, 16], w: [3, 3, 20, 16], strides: [1, 1], padding: 'valid' },
];

function convOpCases(): OpCase[] {
  const cases: OpCase[] = [];
  for (const s of CONV) {
    const opts = { strides: s.strides, padding: s.padding, dilationRate: s.dilation ?? 1 };
    cases.push({
      name: label('conv', s), inputs: [{ shape: s.x }, { shape: s.w }], tol: tolFor(s.w, s.w.at(-2)!), grad: s.grad ?? false,
      run: (x, w) => conv(x!, w!, opts), reference: spatialRef(s, (x, w) => conv2dRef(x, w, window(s))),
    });
  }
  for (const [s, withBias, activation] of FUSED) {
    const opts = { strides: s.strides, padding: s.padding, dilationRate: s.dilation ?? 1, activation };
    const reference = spatialRef(s, (x, w) => conv2dRef(x, w, window(s)));
    cases.push({
      name: label('fusedConv', s, `${withBias ? ' + bias' : ''} ${activation}`),
      inputs: [{ shape: s.x }, { shape: s.w }, ...(withBias ? [{ shape: [s.w.at(-1)!] }] : [])],
      tol: tolFor(s.w, s.w.at(-2)!), grad: s.grad ?? false,
      run: (x, w, bias) => fusedConv(x!, w!, { ...opts, ...(bias ? { bias } : {}) }),
      reference: (x, w, bias) => epilogueRef(reference(x!, w!), bias, activation),
    });
  }
  for (const s of DEPTHWISE) {
    const opts = { strides: s.strides, padding: s.padding, dilationRate: s.dilation ?? 1 };
    cases.push({
      name: label('depthwiseConv', s), inputs: [{ shape: s.x }, { shape: s.w }], tol: tolFor(s.w, 1), grad: s.grad ?? false,
      run: (x, w) => depthwiseConv(x!, w!, opts), reference: spatialRef(s, (x, w) => conv2dRef(x, w, window(s), true)),
    });
  }
  for (const s of TRANSPOSE) {
    const opts = { strides: s.strides, padding: s.padding, dilationRate: s.dilation ?? 1, outputPadding: s.outputPadding ?? null };
    const outPad = s.outputPadding ? ((s.outputPadding.length === 1 ? [0, s.outputPadding[0]] : s.outputPadding) as [number, number]) : null;
    cases.push({
      name: label('convTranspose', s, s.outputPadding ? ` outputPadding ${JSON.stringify(s.outputPadding)}` : ''),
      inputs: [{ shape: s.x }, { shape: s.w }], tol: tolFor(s.w, s.w.at(-1)!), grad: s.grad ?? false,
      run: (x, w) => convTranspose(x!, w!, opts), reference: spatialRef(s, (x, w) => convTranspose2dRef(x, w, window(s), outPad)),
    });
  }
  cases.push({
    name: 'separableConv 2-D x [1,5,6,2] depthwise [3,3,2,2] pointwise [1,1,4,3] same', inputs: [{ shape: [1, 5, 6, 2] }, { shape: [3, 3, 2, 2] }, { shape: [1, 1, 4, 3] }],
    tol: tolFor([3, 3, 2, 2], 4), grad: true,
    run: (x, d, p) => separableConv(x!, d!, p!, { padding: 'same' }),
    reference: (x, d, p) => conv2dRef(conv2dRef(x!, d!, { strides: [1, 1], padding: 'same' }, true), p!, { strides: [1, 1], padding: 'valid' }),
  });
  return cases;
}

/**
 * Pooling settings: `w` holds the pool size; overlapping windows (pool 3, stride 2) and 'same';
 * disjoint windows with cells in no window (odd sizes, stride 3), with 4-channel blocks and channels past them.
 */
const POOL: ConvSetting[] = [
  { x: [2, 5, 5, 3], w: [3, 3], strides: [2, 2], padding: 'valid' },
  { x: [1, 5, 5, 2], w: [3, 3], strides: [2, 2], padding: 'same', grad: true },
  { x: [1, 5, 7, 2], w: [2, 2], strides: [2, 2], padding: 'same' },
  { x: [1, 4, 5, 1], w: [2, 3], strides: [1, 2], padding: 'same', grad: true },
  { x: [1, 6, 6, 1], w: [2, 2], strides: [2, 2], padding: 'valid', grad: true },
  { x: [2, 7, 5, 6], w: [2, 2], strides: [2, 2], padding: 'valid', grad: true },
  { x: [1, 5, 7, 5], w: [2, 2], strides: [2, 2], padding: 'same', grad: true },
  { x: [1, 7, 8, 4], w: [2, 2], strides: [3, 3], padding: 'valid', grad: true },
  { x: [1, 6, 4, 8], w: [3, 2], strides: [2, 1], padding: 'same', grad: true },
  { x: [0, 4, 4, 2], w: [2, 2], strides: [2, 2], padding: 'valid' },
  { x: [2, 9, 3], w: [3], strides: [2], padding: 'same', grad: true },
  { x: [1, 8, 2], w: [2], strides: [2], padding: 'valid', grad: true },
  { x: [1, 7, 1], w: [3], strides: [1], padding: 'valid' },
];

function poolCases(): OpCase[] {
  const cases: OpCase[] = [];
  for (const [op, kind] of [['maxPool', 'max'], ['averagePool', 'avg']] as const) {
    for (const s of POOL) {
      const poolSize = s.w;
      const size: [number, number] = poolSize.length === 1 ? [1, poolSize[0]!] : [poolSize[0]!, poolSize[1]!];
      const stridesDefault = s.strides.every((v, i) => v === poolSize[i]);
      const run = op === 'maxPool' ? maxPool : averagePool;
      const f = (x: Ref): Ref => pool2dRef(x, size, window(s), kind);
      cases.push({
        name: `${op} ${s.x.length - 2}-D x ${JSON.stringify(s.x)} pool ${JSON.stringify(poolSize)} strides ${stridesDefault ? 'default' : JSON.stringify(s.strides)} ${s.padding}`,
        inputs: [{ shape: s.x }], grad: s.grad ?? false,
        run: (x) => run(x!, poolSize, stridesDefault ? { padding: s.padding } : { strides: s.strides, padding: s.padding }),
        reference: (x) => (s.x.length === 4 ? f(x!) : lower1dRef(f(lift1dRef(x!)))),
      });
    }
  }
  return cases;
}

/** Every convolution and pooling case. */
export function convCases(): OpCase[] {
  return [...convOpCases(), ...poolCases()];
}
