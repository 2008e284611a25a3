/** unary, binary, where, cast, fill and copy. */
import type { DType, KernelTable } from '@keras/core';
import { f32Bits, type KernelContext } from '../context.js';
import { binaryShader, hasBinary } from '../shaders/binary.js';
import { castShader, copyShader, fillShader } from '../shaders/convert.js';
import { boxParams } from '../shaders/indexing.js';
import { hasUnary, unaryShader } from '../shaders/unary.js';
import { whereShader } from '../shaders/where.js';
import { broadcastStrides, collapse, isFlat, sizeOf } from '@keras/core';

/** Keras' defaults when the op layer passes no alpha. */
const DEFAULT_ALPHA: Partial<Record<string, number>> = { leakyRelu: 0.2, elu: 1 };

/** The 32-bit pattern of `value` stored as `dtype` (bool: 0 or 1). */
function valueBits(value: number, dtype: DType): number {
  if (dtype === 'float32') return f32Bits(value);
  if (dtype === 'int32') return (value | 0) >>> 0;
  return value !== 0 ? 1 : 0;
}

function unsupported(kernel: string, what: string, dtype: DType): Error {
  return new Error(`webgpu backend: ${kernel} '${what}' is not defined for dtype ${dtype}`);
}

const COPY = { key: 'copy', access: ['read', 'read_write'], wgsl: copyShader } as const;
const FILL = { key: 'fill', access: ['read_write'], wgsl: fillShader } as const;

/** Element-wise kernels. */
export function elementwiseKernels(ctx: KernelContext): Pick<KernelTable, 'unary' | 'binary' | 'where' | 'cast' | 'fill' | 'copy'> {
  const copy: KernelTable['copy'] = ({ x, out, size }) => {
    if (x !== out) ctx.runThreads(COPY, [x, out], [size]);
  };

  return {
    unary({ op, x, out, size, dtype, alpha }) {
      if (!hasUnary(op, dtype)) throw unsupported('unary', op, dtype);
      const program = { key: `unary:${op}:${dtype}`, access: ['read', 'read_write'] as const, wgsl: () => unaryShader(op, dtype) };
      ctx.runThreads(program, [x, out], [size, f32Bits(alpha ?? DEFAULT_ALPHA[op] ?? 0)]);
    },

    binary({ op, a, b, out, aShape, bShape, outShape, dtype }) {
      const size = sizeOf(outShape);
      if (size === 0) return;
      if (!hasBinary(op, dtype)) throw unsupported('binary', op, dtype);
      const box = collapse(outShape, [broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)]);
      const flat = isFlat(box);
      const program = {
        key: `binary:${op}:${dtype}:${flat ? 'flat' : 'strided'}`,
        access: ['read', 'read', 'read_write'] as const,
        wgsl: () => binaryShader(op, dtype, flat),
      };
      ctx.runThreads(program, [a, b, out], flat ? [size] : [size, ...boxParams(box.shape, box.strides)]);
    },

    where({ cond, a, b, out, condShape, aShape, bShape, outShape, dtype }) {
      const size = sizeOf(outShape);
      if (size === 0) return;
      const box = collapse(outShape, [condShape, aShape, bShape].map((s) => broadcastStrides(s, outShape)));
      const program = { key: `where:${dtype}`, access: ['read', 'read', 'read', 'read_write'] as const, wgsl: () => whereShader(dtype) };
      ctx.runThreads(program, [cond, a, b, out], [size, ...boxParams(box.shape, box.strides)]);
    },

    cast({ x, out, size, from, to }) {
      if (from === to) return copy({ x, out, size, dtype: to });
      const program = { key: `cast:${from}:${to}`, access: ['read', 'read_write'] as const, wgsl: () => castShader(from, to) };
      ctx.runThreads(program, [x, out], [size]);
    },

    fill({ out, size, value, dtype }) {
      ctx.runThreads(FILL, [out], [size, valueBits(value, dtype)]);
    },

    copy,
  };
}
