/**
 * `createTfjsBackend`: our Backend interface over the op API of a tfjs module. Data stays
 * on the tfjs side (a GPU buffer under tfjs-node-gpu) from write to read; kernels swap
 * fresh tfjs tensors into their output holders.
 */
import { bytesPerElement, makeTypedArray, type Backend, type BackendInfo, type DataId, type DType, type TypedArray } from '@keras/core';
import { replace, type Tfjs, type TfjsData } from './holder.js';
import { binaryKernels } from './kernels/binary.js';
import { convKernels } from './kernels/conv.js';
import { dataKernels } from './kernels/data.js';
import { indexingKernels } from './kernels/indexing.js';
import { matmulKernel } from './kernels/matmul.js';
import { movementKernels } from './kernels/movement.js';
import { optimizerKernels } from './kernels/optimizer.js';
import { poolKernels } from './kernels/pool.js';
import { reduceKernels } from './kernels/reduce.js';
import { unaryKernel } from './kernels/unary.js';

export type { Tfjs } from './holder.js';

/** Options of {@link createTfjsBackend}. */
export interface TfjsBackendOptions {
  /** The backend's name (default 'node-gpu'). */
  name?: string;
  /** Extra facts for `info()` (the package that provided `tf`, whether it found a GPU). */
  info?: BackendInfo;
}

/** A fresh typed array of `dtype` holding `values` (tfjs may hand back its own storage). */
function copyOut(dtype: DType, size: number, values: ArrayLike<number>): TypedArray {
  const out = makeTypedArray(dtype, size);
  out.set(values);
  return out;
}

/**
 * A Backend running every kernel of the KernelTable (required and optional) on the tfjs
 * backend active in `tf`: `@tensorflow/tfjs-node-gpu`'s CUDA kernels, `@tensorflow/tfjs-node`'s
 * CPU kernels, or `@tensorflow/tfjs-backend-cpu` in tests. A DataId is a holder of one flat
 * tfjs tensor; bool is stored as tfjs 'bool' and read back as a Uint8Array.
 */
export function createTfjsBackend(tf: Tfjs, options: TfjsBackendOptions = {}): Backend {
  const live = new Set<TfjsData>();
  let bytes = 0;
  const free = (id: DataId): void => {
    const h = id as TfjsData;
    if (!live.delete(h)) return;
    bytes -= h.size * bytesPerElement(h.dtype);
    h.t?.dispose();
    h.t = null;
  };
  return {
    name: options.name ?? 'node-gpu',
    alloc(dtype, size) {
      const h: TfjsData = { t: null, dtype, size };
      live.add(h);
      bytes += size * bytesPerElement(dtype);
      return h;
    },
    // tfjs may keep the array it is given by reference: hand it a copy the caller cannot mutate.
    write: (id, dtype, values) => replace(id, tf.tensor(values.slice(), [values.length], dtype)),
    async read(id, dtype, size) {
      const t = (id as TfjsData).t;
      return t ? copyOut(dtype, size, await t.data()) : makeTypedArray(dtype, size);
    },
    readSync(id, dtype, size) {
      const t = (id as TfjsData).t;
      return t ? copyOut(dtype, size, t.dataSync()) : makeTypedArray(dtype, size);
    },
    free,
    memory: () => ({ buffers: live.size, bytes }),
    kernels: {
      ...unaryKernel(tf), ...binaryKernels(tf), ...reduceKernels(tf), ...matmulKernel(tf),
      ...movementKernels(tf), ...indexingKernels(tf), ...dataKernels(tf),
      ...convKernels(tf), ...poolKernels(tf), ...optimizerKernels(tf),
    },
    info: () => ({ ...options.info, tfBackend: tf.getBackend() }),
    dispose: () => [...live].forEach(free),
  };
}
