/** matmul, conv2d and depthwise conv2d (with their gradients) over the wasm exports. */
import type { KernelTable } from '@keras/core';
import { ACTIVATION_CODE } from '../opcodes.js';
import { ptr, type Runtime } from '../runtime.js';

type LinalgKernel =
  | 'matmul' | 'conv2d' | 'conv2dBackpropInput' | 'conv2dBackpropFilter'
  | 'depthwiseConv2d' | 'depthwiseConv2dBackpropInput' | 'depthwiseConv2dBackpropFilter';

/** Linear-algebra kernels bound to a runtime. */
export function linalgKernels(rt: Runtime): Pick<KernelTable, LinalgKernel> {
  const wasm = rt.exports;
  return {
    matmul({ a, b, out, batch, m, n, k, transA, transB, aBatchStride, bBatchStride, bias, activation }) {
      if (batch * m * n === 0) return;
      const work = rt.workspace(wasm.matmulWorkspace(batch, m, n, k, transA ? 1 : 0, aBatchStride, bBatchStride) >>> 0);
      wasm.matmul(
        ptr(a), ptr(b), ptr(out), batch, m, n, k, transA ? 1 : 0, transB ? 1 : 0,
        aBatchStride, bBatchStride, bias === undefined ? 0 : ptr(bias), ACTIVATION_CODE[activation ?? 'linear'], work,
      );
    },

    conv2d(args) {
      if (args.batch * args.outH * args.outW * args.outC === 0) return;
      const geo = rt.geometry(args);
      const work = rt.workspace(wasm.conv2dWorkspace(geo) >>> 0);
      const bias = args.bias === undefined ? 0 : ptr(args.bias);
      wasm.conv2d(ptr(args.x), ptr(args.filter), bias, ptr(args.out), geo, ACTIVATION_CODE[args.activation ?? 'linear'], work);
    },

    conv2dBackpropInput(args) {
      if (args.batch * args.inH * args.inW * args.inC === 0) return;
      const geo = rt.geometry(args);
      const work = rt.workspace(wasm.conv2dBackpropInputWorkspace(geo) >>> 0);
      wasm.conv2dBackpropInput(ptr(args.dy), ptr(args.filter), ptr(args.dx), geo, work);
    },

    conv2dBackpropFilter(args) {
      if (args.kH * args.kW * args.inC * args.outC === 0) return;
      const geo = rt.geometry(args);
      const work = rt.workspace(wasm.conv2dBackpropFilterWorkspace(geo) >>> 0);
      wasm.conv2dBackpropFilter(ptr(args.x), ptr(args.dy), ptr(args.dw), geo, work);
    },

    depthwiseConv2d(args) {
      wasm.depthwiseConv2d(ptr(args.x), ptr(args.filter), ptr(args.out), rt.geometry(args));
    },

    depthwiseConv2dBackpropInput(args) {
      wasm.depthwiseConv2dBackpropInput(ptr(args.dy), ptr(args.filter), ptr(args.dx), rt.geometry(args));
    },

    depthwiseConv2dBackpropFilter(args) {
      wasm.depthwiseConv2dBackpropFilter(ptr(args.x), ptr(args.dy), ptr(args.dw), rt.geometry(args));
    },
  };
}
