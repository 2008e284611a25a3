/**
 * Batched command submission. Kernels encode dispatches into one open compute
 * pass; the batch is submitted when a read needs its results, when it holds
 * `MAX_BATCH` dispatches, or before a host write to a buffer it still uses.
 *
 * Each dispatch's parameters (shapes, strides, scalars) go into a 256-byte slot of
 * a host-side arena, uploaded to one uniform buffer just before the batch is
 * submitted. Reusing that buffer for the next batch is safe: queue writes and
 * submissions execute in call order.
 *
 * The one ordering hazard is `queue.writeBuffer`, which runs before any commands
 * not yet submitted: a host write to a buffer that the open batch binds (a pooled
 * buffer recycled within the batch) first submits the batch.
 */
import type { PooledBuffer } from './buffer-pool.js';
import type { CompiledProgram } from './pipeline-cache.js';
import { PARAM_WORDS } from './shaders/common.js';

/** Dispatches per submitted batch (also the uniform arena's slot count: 64 KiB). */
const MAX_BATCH = 256;
const SLOT_BYTES = PARAM_WORDS * 4;

/** Encodes, batches and submits compute work on one device. */
export class Dispatcher {
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private pending = 0;
  private readonly arena = new Uint32Array(PARAM_WORDS * MAX_BATCH);
  private readonly paramsBuffer: GPUBuffer;
  private readonly doomed: PooledBuffer[] = [];
  private readonly staging = new Map<number, GPUBuffer[]>();
  /** The id of the open batch. */
  private batch = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly maxWorkgroupsPerDimension: number,
  ) {
    this.paramsBuffer = device.createBuffer({
      size: SLOT_BYTES * MAX_BATCH,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
  }

  /**
   * Encodes one dispatch of `workgroups` workgroups (numbered flat; the grid is
   * split over x and y past the per-dimension limit) with `buffers` bound from 1
   * and `params` (u32 words) at binding 0.
   */
  run(program: CompiledProgram, buffers: readonly PooledBuffer[], params: readonly number[], workgroups: number): void {
    if (workgroups === 0) return;
    if (params.length > PARAM_WORDS) {
      throw new RangeError(`webgpu backend: ${program.key} needs ${params.length} parameter words, more than ${PARAM_WORDS} (rank too high).`);
    }
    const x = Math.min(workgroups, this.maxWorkgroupsPerDimension);
    const y = Math.ceil(workgroups / x);
    if (y > this.maxWorkgroupsPerDimension) {
      throw new RangeError(`webgpu backend: ${program.key} needs ${workgroups} workgroups, more than maxComputeWorkgroupsPerDimension^2.`);
    }
    const slot = this.pending;
    this.arena.set(params, slot * PARAM_WORDS);
    const bindGroup = this.device.createBindGroup({
      layout: program.layout,
      entries: [
        { binding: 0, resource: { buffer: this.paramsBuffer, offset: slot * SLOT_BYTES, size: SLOT_BYTES } },
        ...buffers.map((b, i) => ({ binding: i + 1, resource: { buffer: b.buffer } })),
      ],
    });
    for (const b of buffers) b.lastBatch = this.batch;
    this.encoder ??= this.device.createCommandEncoder();
    this.pass ??= this.encoder.beginComputePass();
    this.pass.setPipeline(program.pipeline);
    this.pass.setBindGroup(0, bindGroup);
    this.pass.dispatchWorkgroups(x, y);
    this.pending++;
    if (this.pending === MAX_BATCH) this.flush();
  }

  /** Submits the open batch, if any. */
  flush(): void {
    if (!this.encoder) return;
    this.pass?.end();
    this.device.queue.writeBuffer(this.paramsBuffer, 0, this.arena, 0, this.pending * PARAM_WORDS);
    this.device.queue.submit([this.encoder.finish()]);
    this.encoder = null;
    this.pass = null;
    this.pending = 0;
    this.batch++;
    for (const b of this.doomed.splice(0)) b.buffer.destroy();
  }

  /** Writes host data into a buffer, after the open batch if that batch binds it. */
  write(target: PooledBuffer, data: ArrayBufferView): void {
    if (target.lastBatch === this.batch) this.flush();
    this.device.queue.writeBuffer(target.buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  }

  /** Destroys a buffer once no unsubmitted command uses it. */
  destroy(b: PooledBuffer): void {
    if (b.lastBatch === this.batch) this.doomed.push(b);
    else b.buffer.destroy();
  }

  /** Copies the first `bytes` bytes (a multiple of 4) of a buffer back to the host, after all work so far. */
  async read(source: PooledBuffer, bytes: number): Promise<ArrayBuffer> {
    this.flush();
    const stage = this.staging.get(bytes)?.pop() ??
      this.device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(source.buffer, 0, stage, 0, bytes);
    this.device.queue.submit([encoder.finish()]);
    await stage.mapAsync(GPUMapMode.READ);
    const result = stage.getMappedRange().slice(0);
    stage.unmap();
    let bucket = this.staging.get(bytes);
    if (!bucket) {
      bucket = [];
      this.staging.set(bytes, bucket);
    }
    if (bucket.length < 4) bucket.push(stage);
    else stage.destroy();
    return result;
  }

  /** Releases the dispatcher's own buffers. */
  dispose(): void {
    this.paramsBuffer.destroy();
    for (const bucket of this.staging.values()) for (const b of bucket) b.destroy();
    this.staging.clear();
  }
}
