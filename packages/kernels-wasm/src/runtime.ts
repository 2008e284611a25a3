/**
 * What the kernel wrappers share: the module's exports (the queued kernels
 * routed to the pool's command ring once it runs), its memory and arena, a
 * metadata block for shapes and strides, and a growable GEMM/im2col workspace.
 */
import type { DataId } from '@keras/core';
import { QUEUED_KERNELS, type KernelExports } from './exports.js';
import { Arena } from './arena.js';
import type { StridedBox } from '@keras/core';
import type { Conv2DGeometry } from './types.js';
import { CONTROL_BYTES, RING_HEADER_BYTES, RING_SLOTS } from './pool/protocol.mjs';
import { CommandQueue, MAX_QUEUED_BYTES } from './pool/queue.js';

/** Field order of the geometry block read by assembly/geometry.ts. */
const GEOMETRY_FIELDS = [
  'batch', 'inH', 'inW', 'inC', 'outH', 'outW', 'outC', 'kH', 'kW',
  'strideH', 'strideW', 'dilationH', 'dilationW', 'padTop', 'padLeft',
] as const satisfies readonly (keyof Conv2DGeometry)[];

/** The address behind a DataId (this backend's ids are addresses). */
export function ptr(id: DataId): number {
  return id as number;
}

/** The address behind an optional DataId (0: none). */
export function optionalPtr(id: DataId | null): number {
  return id === null ? 0 : ptr(id);
}

/** Bytes of a command ring (header and slots). */
const RING_BYTES = RING_HEADER_BYTES + RING_SLOTS * 8;

/** Shared state of one wasm backend instance. */
export class Runtime {
  readonly arena: Arena;
  /** The pool's control block (src/pool/protocol.mjs), allocated first so it sits in the memory's first pages. */
  readonly ctrl: number;
  /** The kernels as the wrappers call them: the module's exports, with the queued kernels on the ring while one is open. */
  readonly exports: KernelExports;
  /** The command ring's queue while a pool runs with asynchronous dispatch. */
  private queue: CommandQueue | undefined;
  private ringPtr = 0;
  private metaPtr = 0;
  private metaWords = 0;
  private workPtr = 0;
  private workBytes = -1;
  private i32: Int32Array;

  constructor(
    /** The module's own exports (always run at once). */
    readonly direct: KernelExports,
    readonly memory: WebAssembly.Memory,
    readonly minParallelFlops: number,
  ) {
    this.exports = { ...direct };
    this.arena = new Arena(memory, direct.heapBase() >>> 0);
    this.ctrl = this.arena.alloc(CONTROL_BYTES);
    this.i32 = new Int32Array(memory.buffer);
    this.ensureMeta(1024);
    direct.setPool(this.ctrl, 1, minParallelFlops);
  }

  /**
   * Allocates and zeroes a command ring (before any tensor of a pool's lifetime
   * is queued) and returns its address, for {@link startQueue} and the executor worker.
   */
  openRing(): number {
    if (this.ringPtr === 0) this.ringPtr = this.arena.alloc(RING_BYTES);
    new Int32Array(this.memory.buffer, this.ringPtr, RING_HEADER_BYTES / 4).fill(0);
    return this.ringPtr;
  }

  /** Routes the queued kernels' calls to the ring opened by {@link openRing}, which the pool's executor runs. */
  startQueue(): void {
    const queue = new CommandQueue(
      this.memory, this.ringPtr, this.ctrl, QUEUED_KERNELS.map((name) => this.direct[name]), this.direct.runTask,
    );
    const routed = this.exports as unknown as Record<string, (...args: number[]) => void>;
    QUEUED_KERNELS.forEach((name, kind) => {
      const direct = this.direct[name] as (...args: number[]) => void;
      routed[name] = (...args: number[]) => {
        if (!queue.runHere(direct, args)) queue.call(kind, args);
      };
    });
    this.queue = queue;
  }

  /** Waits for the queued calls, then runs every kernel at once again. */
  stopQueue(): void {
    this.flush();
    Object.assign(this.exports, this.direct);
    this.queue = undefined;
  }

  /** Waits until every queued kernel call has run (before JS reads or writes tensor memory itself). */
  flush(): void {
    this.queue?.flush();
  }

  /**
   * Writes `bytes` into tensor memory at `id`: queued behind the pending calls
   * when small, else once they have run.
   */
  write(id: DataId, bytes: Uint8Array): void {
    if (this.queue && bytes.length <= MAX_QUEUED_BYTES) {
      const at = this.queue.data(bytes.length);
      new Uint8Array(this.memory.buffer, at, bytes.length).set(bytes);
      this.exports.copyBytes(ptr(id), at, bytes.length);
    } else {
      this.flush();
      new Uint8Array(this.memory.buffer, ptr(id), bytes.length).set(bytes);
    }
  }

  /**
   * Reads `byteLength` bytes at `id` as the calls queued so far leave them; the
   * returned function gives them. With a queue, a copy into a staging block is
   * queued and the function waits for that copy alone, so calls queued in the
   * meantime (an optimizer's update after a training step's loss) run on while
   * the caller takes the bytes; without one, they are read at once.
   */
  readLater(id: DataId, byteLength: number): () => Uint8Array {
    const queue = this.queue;
    if (!queue || byteLength === 0) {
      const bytes = new Uint8Array(this.memory.buffer, ptr(id), byteLength).slice();
      return () => bytes;
    }
    const staging = this.arena.alloc(byteLength);
    this.exports.copyBytes(staging, ptr(id), byteLength);
    const position = queue.position;
    return () => {
      try {
        queue.waitFor(position);
        return new Uint8Array(this.memory.buffer, staging, byteLength).slice();
      } finally {
        this.arena.free(staging);
      }
    };
  }

  /** An Int32Array over the whole memory, re-created after growth. */
  int32View(): Int32Array {
    if (this.i32.buffer !== this.memory.buffer) this.i32 = new Int32Array(this.memory.buffer);
    return this.i32;
  }

  /**
   * Writes a strided box as odometer metadata (assembly/odometer.ts: shape, then
   * each operand's strides, then room for the kernel's counters and offsets) and
   * returns its address.
   */
  box(box: StridedBox): number {
    const rank = box.shape.length;
    const k = box.strides.length;
    const p = this.meta(rank * (k + 2) + k);
    const view = this.int32View();
    let w = p >>> 2;
    view.set(box.shape, w);
    for (const s of box.strides) view.set(s, (w += rank));
    return p;
  }

  /** Writes a window geometry block and returns its address. */
  geometry(g: Conv2DGeometry): number {
    const p = this.meta(GEOMETRY_FIELDS.length);
    const view = this.int32View();
    GEOMETRY_FIELDS.forEach((f, i) => (view[(p >>> 2) + i] = g[f]));
    return p;
  }

  /**
   * A scratch block of at least `bytes` bytes for one kernel call. It is kept
   * between calls (not counted as a live buffer) and only grows.
   */
  workspace(bytes: number): number {
    if (bytes > this.workBytes) {
      if (this.workBytes >= 0) this.arena.free(this.workPtr);
      this.workBytes = Math.max(bytes, Math.ceil(this.workBytes * 1.5));
      this.workPtr = this.arena.alloc(this.workBytes);
    }
    return this.workPtr;
  }

  /** Room for `words` words of metadata for the next kernel call: in the ring when calls are queued. */
  private meta(words: number): number {
    return this.queue ? this.queue.data(words * 4) : this.ensureMeta(words);
  }

  private ensureMeta(words: number): number {
    if (words > this.metaWords) {
      if (this.metaWords > 0) this.arena.free(this.metaPtr);
      this.metaWords = Math.max(words, this.metaWords * 2);
      this.metaPtr = this.arena.alloc(this.metaWords * 4);
    }
    return this.metaPtr;
  }

  /** Live buffers and bytes, excluding the control block, the metadata block, the workspace and the ring. */
  usage(): { buffers: number; bytes: number } {
    const { blocks, bytes } = this.arena.usage();
    const ring = this.ringPtr === 0 ? 0 : 1;
    const internal = 1 + (this.metaWords > 0 ? 1 : 0) + (this.workBytes >= 0 ? 1 : 0) + ring;
    const internalBytes = CONTROL_BYTES + this.metaWords * 4 + Math.max(this.workBytes, 0) + ring * RING_BYTES;
    return { buffers: blocks - internal, bytes: bytes - internalBytes };
  }
}
