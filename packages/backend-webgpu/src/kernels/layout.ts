/**
 * Data movement: transpose, slice, pad, concat and broadcastTo as strided copies
 * (one program for all of them and every dtype), plus gather and scatterAdd.
 */
import type { DataId, KernelTable } from '@keras/core';
import type { KernelContext } from '../context.js';
import { gatherShader, scatterAddShader } from '../shaders/gather.js';
import { boxParams } from '../shaders/indexing.js';
import { stridedCopyShader } from '../shaders/strided-copy.js';
import { broadcastStrides, collapse, stridesOf, sizeOf } from '@keras/core';

const STRIDED_COPY = { key: 'stridedCopy', access: ['read', 'read_write'], wgsl: stridedCopyShader } as const;

/** Layout kernels. */
export function layoutKernels(
  ctx: KernelContext,
  fill: KernelTable['fill'],
): Pick<KernelTable, 'transpose' | 'slice' | 'pad' | 'concat' | 'broadcastTo' | 'gather' | 'scatterAdd'> {
  /** out[outOffset + c . outStrides] = x[xOffset + c . xStrides] for every coordinate c of `shape`. */
  const stridedCopy = (x: DataId, out: DataId, shape: readonly number[], xStrides: number[], outStrides: number[], xOffset = 0, outOffset = 0): void => {
    const size = sizeOf(shape);
    if (size === 0) return;
    const box = collapse(shape, [xStrides, outStrides]);
    ctx.runThreads(STRIDED_COPY, [x, out], [size, xOffset >>> 0, outOffset >>> 0, ...boxParams(box.shape, box.strides)]);
  };

  return {
    transpose({ x, out, shape, perm }) {
      const strides = stridesOf(shape);
      const outShape = perm.map((p) => shape[p]!);
      stridedCopy(x, out, outShape, perm.map((p) => strides[p]!), stridesOf(outShape));
    },

    slice({ x, out, shape, begin, step, outShape }) {
      const strides = stridesOf(shape);
      const offset = begin.reduce((s, b, i) => s + b * strides[i]!, 0);
      stridedCopy(x, out, outShape, strides.map((s, i) => s * step[i]!), stridesOf(outShape), offset);
    },

    pad({ x, out, shape, paddings, value, dtype }) {
      const outShape = shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
      fill({ out, size: sizeOf(outShape), value, dtype });
      const outStrides = stridesOf(outShape);
      const offset = paddings.reduce((s, [before], i) => s + before * outStrides[i]!, 0);
      stridedCopy(x, out, shape, stridesOf(shape), outStrides, 0, offset);
    },

    concat({ inputs, inners, outer, out }) {
      const total = inners.reduce((s, n) => s + n, 0);
      let offset = 0;
      inputs.forEach((x, i) => {
        const inner = inners[i]!;
        stridedCopy(x, out, [outer, inner], [inner, 1], [total, 1], 0, offset);
        offset += inner;
      });
    },

    broadcastTo({ x, out, shape, outShape }) {
      stridedCopy(x, out, outShape, broadcastStrides(shape, outShape), stridesOf(outShape));
    },

    gather({ x, indices, out, outer, axisSize, inner, numIndices, dtype }) {
      const program = { key: `gather:${dtype}`, access: ['read', 'read', 'read_write'] as const, wgsl: () => gatherShader(dtype) };
      ctx.runThreads(program, [x, indices, out], [outer * numIndices * inner, outer, axisSize, inner, numIndices]);
    },

    scatterAdd({ updates, indices, out, outer, axisSize, inner, numIndices }) {
      const program = { key: 'scatterAdd', access: ['read', 'read', 'read_write'] as const, wgsl: scatterAddShader };
      ctx.runThreads(program, [updates, indices, out], [outer * axisSize * inner, outer, axisSize, inner, numIndices]);
    },
  };
}

