/** reduce, softmax and logSoftmax. */
import type { KernelTable } from '@keras/core';
import type { KernelContext } from '../context.js';
import { reduceShader, type ReduceSchedule } from '../shaders/reduce.js';
import { softmaxShader } from '../shaders/softmax.js';

/**
 * Reductions longer than this run one workgroup per output; shorter ones one
 * thread per output (a workgroup per output would leave most threads idle).
 */
const TREE_THRESHOLD = 128;

/** Reduction kernels. */
export function reduceKernels(ctx: KernelContext): Pick<KernelTable, 'reduce' | 'softmax' | 'logSoftmax'> {
  const softmax = (log: boolean): KernelTable['softmax'] => ({ x, out, outer, axisSize }) => {
    const program = { key: log ? 'logSoftmax' : 'softmax', access: ['read', 'read_write'] as const, wgsl: () => softmaxShader(log) };
    ctx.run(program, [x, out], [outer, axisSize], outer);
  };

  return {
    reduce({ op, x, out, outer, reduceSize, inner, dtype }) {
      if ((op === 'sum' || op === 'prod') && dtype === 'bool') {
        throw new Error(`webgpu backend: reduce '${op}' is not defined for dtype bool`);
      }
      const outputs = outer * inner;
      if (outputs === 0) return;
      const schedule: ReduceSchedule = reduceSize > TREE_THRESHOLD ? 'tree' : 'serial';
      const program = {
        key: `reduce:${op}:${dtype}:${schedule}`,
        access: ['read', 'read_write'] as const,
        wgsl: () => reduceShader(op, dtype, schedule),
      };
      const params = [outputs, outer, reduceSize, inner];
      if (schedule === 'tree') ctx.run(program, [x, out], params, outputs);
      else ctx.runThreads(program, [x, out], params);
    },
    softmax: softmax(false),
    logSoftmax: softmax(true),
  };
}

