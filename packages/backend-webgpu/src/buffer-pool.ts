/**
 * A size-bucketed pool of storage buffers. Sizes round up to a bucket (four per
 * power of two, so at most 25% slack; at least 16 bytes, so any buffer can be
 * bound as vec4 data); a freed buffer waits in its bucket for the next tensor of
 * that bucket. Reuse is safe without waiting for the GPU: every use of a buffer is
 * ordered on the one queue (see dispatcher.ts for writes).
 */

/** A pooled GPU buffer and the batch that last used it. */
export interface PooledBuffer {
  readonly buffer: GPUBuffer;
  /** Capacity in bytes (the bucket size). */
  readonly capacity: number;
  /** The id of the last command batch that bound this buffer (-1: none). */
  lastBatch: number;
}

/** Smallest buffer: one vec4. */
const MIN_BYTES = 16;

/** The bucket (capacity) for a request of `bytes`: a multiple of 16 within 25% of it. */
function bucketSize(bytes: number): number {
  const n = Math.max(bytes, MIN_BYTES);
  const pow = 2 ** Math.floor(Math.log2(n));
  const quarter = Math.max(pow / 4, MIN_BYTES);
  return Math.ceil(n / quarter) * quarter;
}

/** The pool: live buffers (held by tensors) and free ones by bucket. */
export class BufferPool {
  private readonly free = new Map<number, PooledBuffer[]>();
  private liveCount = 0;
  private liveBytes = 0;
  private freeBytes = 0;

  constructor(
    private readonly device: GPUDevice,
    /** Free bytes kept for reuse; buffers freed beyond it are destroyed. */
    private readonly keepBytes: number,
    /** The device's largest buffer: a bucket past it shrinks to the request. */
    private readonly maxBytes: number,
  ) {}

  /** A buffer of at least `bytes` bytes: reused from its bucket or newly created. */
  acquire(bytes: number): PooledBuffer {
    let capacity = bucketSize(bytes);
    if (capacity > this.maxBytes) capacity = Math.min(Math.ceil(bytes / 16) * 16, this.maxBytes);
    const reused = this.free.get(capacity)?.pop();
    this.liveCount++;
    this.liveBytes += capacity;
    if (reused) {
      this.freeBytes -= capacity;
      return reused;
    }
    const buffer = this.device.createBuffer({
      size: capacity,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    return { buffer, capacity, lastBatch: -1 };
  }

  /**
   * Returns a buffer. It is kept for reuse, or, past the pool's byte budget,
   * handed to `discard` (which destroys it once no pending batch uses it).
   */
  release(b: PooledBuffer, discard: (b: PooledBuffer) => void): void {
    this.liveCount--;
    this.liveBytes -= b.capacity;
    if (this.freeBytes + b.capacity > this.keepBytes) {
      discard(b);
      return;
    }
    let bucket = this.free.get(b.capacity);
    if (!bucket) {
      bucket = [];
      this.free.set(b.capacity, bucket);
    }
    bucket.push(b);
    this.freeBytes += b.capacity;
  }

  /** Live buffers and their bytes (capacity). */
  live(): { buffers: number; bytes: number } {
    return { buffers: this.liveCount, bytes: this.liveBytes };
  }

  /** Bytes waiting for reuse. */
  pooledBytes(): number {
    return this.freeBytes;
  }

  /** Destroys every free buffer. */
  clear(): void {
    for (const bucket of this.free.values()) for (const b of bucket) b.buffer.destroy();
    this.free.clear();
    this.freeBytes = 0;
  }
}
