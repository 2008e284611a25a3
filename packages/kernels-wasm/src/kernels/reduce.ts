/** reduce over the middle axis of [outer, reduceSize, inner]. */
import type { KernelTable } from '@keras/core';
import { REDUCE_CODE } from '../opcodes.js';
import { ptr, type Runtime } from '../runtime.js';

/** The reduce kernel bound to a runtime. */
export function reduceKernels(rt: Runtime): Pick<KernelTable, 'reduce'> {
  const wasm = rt.exports;
  return {
    reduce({ op, x, out, outer, reduceSize, inner, dtype }) {
      if (outer * inner === 0) return;
      const logical = op === 'any' || op === 'all';
      if (logical !== (dtype === 'bool')) {
        throw new Error(`wasm backend: reduce '${op}' is not defined for dtype ${dtype}`);
      }
      const run = dtype === 'float32' ? wasm.reduceF32 : dtype === 'int32' ? wasm.reduceI32 : wasm.reduceBool;
      run(REDUCE_CODE[op], ptr(x), ptr(out), outer, reduceSize, inner);
    },
  };
}
