/**
 * Data movement: transpose, slice, pad, concat, broadcastTo, gather and
 * scatterAdd. The first five are one strided copy (assembly/strided.ts) each,
 * after collapsing the box to the fewest dims.
 */
import type { DType, KernelTable } from '@keras/core';
import { ptr, type Runtime } from '../runtime.js';
import { broadcastStrides, collapse, stridesOf, sizeOf } from '@keras/core';
import { elementBytes, valueBits } from './elementwise.js';

/** Layout kernels bound to a runtime. */
export function layoutKernels(
  rt: Runtime,
): Pick<KernelTable, 'transpose' | 'slice' | 'pad' | 'concat' | 'broadcastTo' | 'gather' | 'scatterAdd'> {
  const wasm = rt.exports;

  /** dst[dstOffset + sum i_d dstStrides_d] = src[srcOffset + sum i_d srcStrides_d] over `shape`. */
  function stridedCopy(
    dtype: DType, src: number, srcOffset: number, srcStrides: number[],
    dst: number, dstOffset: number, dstStrides: number[], shape: readonly number[],
  ): void {
    if (sizeOf(shape) === 0) return;
    const box = collapse(shape, [srcStrides, dstStrides]);
    const bytes = elementBytes(dtype);
    const rank = box.shape.length;
    const [ss, ds] = box.strides as [number[], number[]];
    if (bytes === 4 && rank >= 2 && ss[rank - 2] === 1 && ds[rank - 1] === 1 && box.shape[rank - 2]! >= 4 && box.shape[rank - 1]! >= 4) {
      // A transpose of the last two dims: tile it (the dims [.., P, Q] become outer dims plus a dummy 1).
      const outer = { shape: [...box.shape.slice(0, -2), 1], strides: [[...ss.slice(0, -2), 0], [...ds.slice(0, -2), 0]] };
      wasm.transposePlanes32(
        src + srcOffset * bytes, dst + dstOffset * bytes, rank - 1, rt.box(outer),
        box.shape[rank - 2]!, box.shape[rank - 1]!, ss[rank - 1]!, ds[rank - 2]!,
      );
      return;
    }
    const run = bytes === 1 ? wasm.stridedCopy8 : wasm.stridedCopy32;
    run(src + srcOffset * bytes, dst + dstOffset * bytes, rank, rt.box(box));
  }

  return {
    transpose({ x, out, shape, perm, dtype }) {
      const inStrides = stridesOf(shape);
      const outShape = perm.map((p) => shape[p]!);
      const srcStrides = perm.map((p) => inStrides[p]!);
      stridedCopy(dtype, ptr(x), 0, srcStrides, ptr(out), 0, stridesOf(outShape), outShape);
    },

    slice({ x, out, shape, begin, step, outShape, dtype }) {
      const inStrides = stridesOf(shape);
      let offset = 0;
      begin.forEach((b, i) => (offset += b * inStrides[i]!));
      const srcStrides = inStrides.map((s, i) => s * step[i]!);
      stridedCopy(dtype, ptr(x), offset, srcStrides, ptr(out), 0, stridesOf(outShape), outShape);
    },

    pad({ x, out, shape, paddings, value, dtype }) {
      const outShape = shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
      const size = sizeOf(outShape);
      if (dtype === 'bool') wasm.fill8(ptr(out), size, valueBits(value, dtype));
      else wasm.fill32(ptr(out), size, valueBits(value, dtype));
      const outStrides = stridesOf(outShape);
      let offset = 0;
      paddings.forEach(([before], i) => (offset += before * outStrides[i]!));
      stridedCopy(dtype, ptr(x), 0, stridesOf(shape), ptr(out), offset, outStrides, shape);
    },

    concat({ inputs, inners, outer, out, dtype }) {
      const total = inners.reduce((s, n) => s + n, 0);
      let column = 0;
      inputs.forEach((x, i) => {
        const inner = inners[i]!;
        stridedCopy(dtype, ptr(x), 0, [inner, 1], ptr(out), column, [total, 1], [outer, inner]);
        column += inner;
      });
    },

    broadcastTo({ x, out, shape, outShape, dtype }) {
      stridedCopy(dtype, ptr(x), 0, broadcastStrides(shape, outShape), ptr(out), 0, stridesOf(outShape), outShape);
    },

    gather({ x, indices, out, outer, axisSize, inner, numIndices, dtype }) {
      if (outer * numIndices * inner === 0) return;
      wasm.gather(ptr(x), ptr(indices), ptr(out), outer, axisSize, inner, numIndices, elementBytes(dtype));
    },

    scatterAdd({ updates, indices, out, outer, axisSize, inner, numIndices }) {
      wasm.scatterAdd(ptr(updates), ptr(indices), ptr(out), outer, axisSize, inner, numIndices);
    },
  };
}
