/** unary, binary, where, cast, fill and copy over the wasm exports. */
import type { DType, KernelTable } from '@keras/core';
import { BINARY_CODE, UNARY_CODE } from '../opcodes.js';
import { ptr, type Runtime } from '../runtime.js';
import { broadcastStrides, collapse, sizeOf } from '@keras/core';
import type { UnaryOp } from '../types.js';

/** Unary ops defined on int32 (floor, ceil and round are the identity there). */
const INT_UNARY = new Set<UnaryOp>(['abs', 'neg', 'sign', 'square', 'relu', 'relu6', 'floor', 'ceil', 'round']);
/** Keras' defaults when the op layer passes no alpha. */
const DEFAULT_ALPHA: Partial<Record<UnaryOp, number>> = { leakyRelu: 0.2, elu: 1 };

const bitsF32 = new Float32Array(1);
const bitsI32 = new Int32Array(bitsF32.buffer);

/** The 32-bit pattern of `value` stored as `dtype` (bool: 0 or 1). */
export function valueBits(value: number, dtype: DType): number {
  if (dtype === 'float32') {
    bitsF32[0] = value;
    return bitsI32[0]!;
  }
  if (dtype === 'int32') return value | 0;
  return value !== 0 ? 1 : 0;
}

/** Bytes per element. */
export function elementBytes(dtype: DType): number {
  return dtype === 'bool' ? 1 : 4;
}

function unsupported(kernel: string, what: string, dtype: DType): Error {
  return new Error(`wasm backend: ${kernel} '${what}' is not defined for dtype ${dtype}`);
}

/** Element-wise kernels bound to a runtime. */
export function elementwiseKernels(rt: Runtime): Pick<KernelTable, 'unary' | 'binary' | 'where' | 'cast' | 'fill' | 'copy'> {
  const wasm = rt.exports;

  const fill: KernelTable['fill'] = ({ out, size, value, dtype }) => {
    if (dtype === 'bool') wasm.fill8(ptr(out), size, valueBits(value, dtype));
    else wasm.fill32(ptr(out), size, valueBits(value, dtype));
  };

  const copy: KernelTable['copy'] = ({ x, out, size, dtype }) => {
    if (x !== out) wasm.copyBytes(ptr(out), ptr(x), size * elementBytes(dtype));
  };

  return {
    unary({ op, x, out, size, dtype, alpha }) {
      if (size === 0) return;
      if (op === 'isnan' || op === 'isinf' || op === 'isfinite') {
        if (dtype === 'float32') wasm.unaryF32(UNARY_CODE[op], ptr(x), ptr(out), size, 0);
        else wasm.fill8(ptr(out), size, op === 'isfinite' ? 1 : 0); // integers are always finite
      } else if (op === 'logicalNot') {
        if (dtype !== 'bool') throw unsupported('unary', op, dtype);
        wasm.logicalNot(ptr(x), ptr(out), size);
      } else if (dtype === 'float32') {
        wasm.unaryF32(UNARY_CODE[op], ptr(x), ptr(out), size, alpha ?? DEFAULT_ALPHA[op] ?? 0);
      } else if (dtype === 'int32' && INT_UNARY.has(op)) {
        wasm.unaryI32(UNARY_CODE[op], ptr(x), ptr(out), size);
      } else {
        throw unsupported('unary', op, dtype);
      }
    },

    binary({ op, a, b, out, aShape, bShape, outShape, dtype }) {
      if (sizeOf(outShape) === 0) return;
      if (op === 'div' && dtype !== 'float32') throw unsupported('binary', op, dtype);
      const box = collapse(outShape, [broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)]);
      const meta = rt.box(box);
      const run = dtype === 'float32' ? wasm.binaryF32 : dtype === 'int32' ? wasm.binaryI32 : wasm.binaryBool;
      run(BINARY_CODE[op], ptr(a), ptr(b), ptr(out), box.shape.length, meta);
    },

    where({ cond, a, b, out, condShape, aShape, bShape, outShape, dtype }) {
      if (sizeOf(outShape) === 0) return;
      const box = collapse(outShape, [
        broadcastStrides(condShape, outShape),
        broadcastStrides(aShape, outShape),
        broadcastStrides(bShape, outShape),
      ]);
      const meta = rt.box(box);
      const run = dtype === 'bool' ? wasm.where8 : wasm.where32;
      run(ptr(cond), ptr(a), ptr(b), ptr(out), box.shape.length, meta);
    },

    cast({ x, out, size, from, to }) {
      if (size === 0) return;
      if (from === to) return copy({ x, out, size, dtype: to });
      const p = ptr(x);
      const q = ptr(out);
      if (from === 'float32') (to === 'int32' ? wasm.castF32ToI32 : wasm.castF32ToBool)(p, q, size);
      else if (from === 'int32') (to === 'float32' ? wasm.castI32ToF32 : wasm.castI32ToBool)(p, q, size);
      else (to === 'float32' ? wasm.castBoolToF32 : wasm.castBoolToI32)(p, q, size);
    },

    fill,
    copy,
  };
}
