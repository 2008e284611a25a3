/**
 * The `webgpu` backend: tensors live in GPU storage buffers from a size-bucketed
 * pool, kernels are WGSL programs from a pipeline cache, dispatches are batched
 * and submitted on read, and reads are async (there is no readSync: `dataSync()`
 * on this backend tells the user to `await data()`).
 *
 * Storage layout: every dtype takes 4 bytes per element on the GPU. WGSL has no
 * 8-bit storage type, so bool is held as a u32 (0 or 1) per element and converted
 * from and to the contract's one-byte-per-element Uint8Array in `write` and `read`.
 * Every buffer is at least 16 bytes, so an empty tensor still has a valid binding.
 */
import type { Backend, BackendInfo, BackendMemory, DataId, DType, KernelTable, TypedArray } from '@keras/core';
import { BufferPool } from './buffer-pool.js';
import { GPUTensorData, KernelContext } from './context.js';
import { acquireDevice, type WebGPUBackendOptions } from './device.js';
import { Dispatcher } from './dispatcher.js';
import { convKernels } from './kernels/conv.js';
import { elementwiseKernels } from './kernels/elementwise.js';
import { layoutKernels } from './kernels/layout.js';
import { linalgKernels } from './kernels/linalg.js';
import { optimizerKernels } from './kernels/optimizer.js';
import { poolKernels } from './kernels/pool.js';
import { reduceKernels } from './kernels/reduce.js';
import { PipelineCache } from './pipeline-cache.js';

/** Bytes per element on the GPU, for every dtype (bool included: see above). */
const ELEMENT_BYTES = 4;

/** Freed bytes the pool keeps for reuse before it destroys buffers. */
const POOL_KEEP_BYTES = 256 * 1024 * 1024;

/** A Backend on one GPUDevice. */
export class WebGPUBackend implements Backend {
  readonly name = 'webgpu';
  readonly kernels: Partial<KernelTable>;
  /** The device this backend runs on. */
  readonly device: GPUDevice;
  private readonly pool: BufferPool;
  private readonly pipelines: PipelineCache;
  private readonly dispatcher: Dispatcher;
  private readonly ctx: KernelContext;
  private readonly ownsDevice: boolean;
  private readonly adapterInfo: GPUAdapterInfo | null;
  private lost: GPUDeviceLostInfo | null = null;
  private gpuError: string | null = null;

  /** Wraps `device`; `ownsDevice`: destroy it in `dispose()`. */
  constructor(device: GPUDevice, adapterInfo: GPUAdapterInfo | null, ownsDevice: boolean) {
    this.device = device;
    this.adapterInfo = adapterInfo;
    this.ownsDevice = ownsDevice;
    void device.lost.then((info) => {
      this.lost = info;
    });
    device.addEventListener('uncapturederror', (event) => {
      this.gpuError ??= (event as GPUUncapturedErrorEvent).error.message;
    });
    this.pool = new BufferPool(device, POOL_KEEP_BYTES, device.limits.maxBufferSize);
    this.pipelines = new PipelineCache(device);
    this.dispatcher = new Dispatcher(device, device.limits.maxComputeWorkgroupsPerDimension);
    this.ctx = new KernelContext(this.pipelines, this.dispatcher, () => this.checkAlive());
    const elementwise = elementwiseKernels(this.ctx);
    this.kernels = {
      ...elementwise,
      ...layoutKernels(this.ctx, elementwise.fill),
      ...reduceKernels(this.ctx),
      ...linalgKernels(this.ctx),
      ...convKernels(this.ctx),
      ...poolKernels(this.ctx),
      ...optimizerKernels(this.ctx),
    };
  }

  alloc(dtype: DType, size: number): DataId {
    this.checkAlive();
    const bytes = size * ELEMENT_BYTES;
    const limits = this.device.limits;
    for (const limit of ['maxStorageBufferBindingSize', 'maxBufferSize'] as const) {
      if (bytes > limits[limit]) {
        throw new RangeError(
          `webgpu backend: a ${dtype} tensor of ${size} elements needs ${bytes} bytes, more than this device's ` +
            `${limit} (${limits[limit]} bytes). Split the tensor (smaller batches or layers), or use the 'wasm' backend.`,
        );
      }
    }
    return new GPUTensorData(this.pool.acquire(bytes));
  }

  write(id: DataId, dtype: DType, values: TypedArray): void {
    this.checkAlive();
    if (values.length === 0) return;
    const data = dtype === 'bool' ? Uint32Array.from(values) : values;
    this.dispatcher.write(this.ctx.buffer(id), data);
  }

  async read(id: DataId, dtype: DType, size: number): Promise<TypedArray> {
    this.checkAlive();
    if (size === 0) return dtype === 'float32' ? new Float32Array(0) : dtype === 'int32' ? new Int32Array(0) : new Uint8Array(0);
    const bytes = await this.dispatcher.read(this.ctx.buffer(id), size * ELEMENT_BYTES);
    this.checkAlive();
    if (this.gpuError !== null) {
      const message = this.gpuError;
      this.gpuError = null;
      throw new Error(`webgpu backend: the GPU reported an error while running kernels: ${message}`);
    }
    if (dtype === 'float32') return new Float32Array(bytes);
    if (dtype === 'int32') return new Int32Array(bytes);
    return Uint8Array.from(new Uint32Array(bytes));
  }

  free(id: DataId): void {
    this.pool.release(this.ctx.buffer(id), (b) => this.dispatcher.destroy(b));
  }

  memory(): BackendMemory {
    return this.pool.live();
  }

  info(): BackendInfo {
    const info = this.adapterInfo;
    return {
      vendor: info?.vendor ?? '',
      architecture: info?.architecture ?? '',
      description: info?.description ?? '',
      pipelines: this.pipelines.size,
      pooledBytes: this.pool.pooledBytes(),
      maxBufferSize: this.device.limits.maxBufferSize,
      maxStorageBufferBindingSize: this.device.limits.maxStorageBufferBindingSize,
    };
  }

  /** Submits pending work, releases every buffer, and destroys the device if this backend created it. */
  dispose(): void {
    if (!this.lost) this.dispatcher.flush();
    this.pool.clear();
    this.dispatcher.dispose();
    if (this.ownsDevice) this.device.destroy();
  }

  private checkAlive(): void {
    if (!this.lost) return;
    const { reason, message } = this.lost;
    throw new Error(
      reason === 'destroyed'
        ? "webgpu backend: the device was destroyed (the backend was disposed); tensors on the 'webgpu' backend are gone."
        : `webgpu backend: the GPU device was lost (${message || 'no reason given'}); tensors on the 'webgpu' backend are gone. ` +
            'Reload the page or restart the program to get a new device (drivers reset devices after a crash or a long-running kernel).',
    );
  }
}

/**
 * Creates the webgpu backend on a device: the one given, or one requested from
 * `options.adapter`, `options.gpu`, or `navigator.gpu`. Rejects with what to install
 * or enable when WebGPU or an adapter is missing.
 */
export async function createWebGPUBackend(options: WebGPUBackendOptions = {}): Promise<WebGPUBackend> {
  const { device, adapterInfo } = await acquireDevice(options);
  return new WebGPUBackend(device, adapterInfo, options.device === undefined);
}
