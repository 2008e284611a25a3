/**
 * What the kernel wrappers share: the module's exports, its memory and arena,
 * a metadata block for shapes and strides, and a growable GEMM/im2col workspace.
 */
import type { DataId } from '@keras/core';
import type { KernelExports } from './exports.js';
import { Arena } from './arena.js';
import type { StridedBox } from '@keras/core';
import type { Conv2DGeometry } from './types.js';
import { CONTROL_BYTES } from './pool/control.js';

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

/** Shared state of one wasm backend instance. */
export class Runtime {
  readonly arena: Arena;
  /** The pool's control block (src/pool/control.ts), allocated first so it sits in the memory's first pages. */
  readonly ctrl: number;
  private metaPtr = 0;
  private metaWords = 0;
  private workPtr = 0;
  private workBytes = -1;
  private i32: Int32Array;

  constructor(
    readonly exports: KernelExports,
    readonly memory: WebAssembly.Memory,
    readonly minParallelFlops: number,
  ) {
    this.arena = new Arena(memory, exports.heapBase() >>> 0);
    this.ctrl = this.arena.alloc(CONTROL_BYTES);
    this.i32 = new Int32Array(memory.buffer);
    this.ensureMeta(1024);
    exports.setPool(this.ctrl, 1, minParallelFlops);
  }

  /** An Int32Array over the whole memory, re-created after growth. */
  int32View(): Int32Array {
    if (this.i32.buffer !== this.memory.buffer) this.i32 = new Int32Array(this.memory.buffer);
    return this.i32;
  }

  /** A byte view of a buffer (valid until the next allocation). */
  bytes(id: DataId, length: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, ptr(id), length);
  }

  /**
   * Writes a strided box as odometer metadata (assembly/odometer.ts: shape, then
   * each operand's strides, then room for the kernel's counters and offsets) and
   * returns its address.
   */
  box(box: StridedBox): number {
    const rank = box.shape.length;
    const k = box.strides.length;
    const p = this.ensureMeta(rank * (k + 2) + k);
    const view = this.int32View();
    let w = p >>> 2;
    view.set(box.shape, w);
    for (const s of box.strides) view.set(s, (w += rank));
    return p;
  }

  /** Writes a window geometry block and returns its address. */
  geometry(g: Conv2DGeometry): number {
    const p = this.ensureMeta(GEOMETRY_FIELDS.length);
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

  private ensureMeta(words: number): number {
    if (words > this.metaWords) {
      if (this.metaWords > 0) this.arena.free(this.metaPtr);
      this.metaWords = Math.max(words, this.metaWords * 2);
      this.metaPtr = this.arena.alloc(this.metaWords * 4);
    }
    return this.metaPtr;
  }

  /** Live buffers and bytes, excluding the control block, the metadata block and the workspace. */
  usage(): { buffers: number; bytes: number } {
    const { blocks, bytes } = this.arena.usage();
    const internal = 1 + (this.metaWords > 0 ? 1 : 0) + (this.workBytes >= 0 ? 1 : 0);
    const internalBytes = CONTROL_BYTES + this.metaWords * 4 + Math.max(this.workBytes, 0);
    return { buffers: blocks - internal, bytes: bytes - internalBytes };
  }
}
