/**
 * A size-class allocator over a WebAssembly memory, managed from JS.
 *
 * Blocks are 64-byte aligned (a cache line, and enough for any v128 access).
 * Sizes round up to classes spaced four per power of two (so at most 25% is
 * wasted) and never finer than 64 bytes; a freed block goes on its class's free
 * list and is handed out again before the bump pointer moves. When the bump
 * pointer reaches the end of memory the memory grows by at least a quarter, so
 * repeated growth stays amortised. Memory never shrinks (wasm cannot).
 */

const ALIGN = 64;
const PAGE = 65536;

/** The block size an allocation of `bytes` receives. */
export function sizeClass(bytes: number): number {
  if (bytes <= ALIGN) return ALIGN;
  // The largest power of two <= bytes (clz32 is exact below 2^32, the most a wasm memory holds).
  const pow = bytes < 2 ** 32 ? 0x80000000 >>> Math.clz32(bytes) : 2 ** Math.floor(Math.log2(bytes));
  const step = Math.max(ALIGN, pow / 4);
  return Math.ceil(bytes / step) * step;
}

/** Allocator over `memory`, handing out blocks at or above `base`. */
export class Arena {
  private top: number;
  private readonly freeLists = new Map<number, number[]>();
  /** Live block -> requested bytes. */
  private readonly live = new Map<number, number>();
  private liveBytes = 0;

  constructor(
    private readonly memory: WebAssembly.Memory,
    base: number,
  ) {
    this.top = Math.ceil(base / ALIGN) * ALIGN;
  }

  /** Allocates a block for `bytes` bytes (uninitialised) and returns its address. */
  alloc(bytes: number): number {
    const size = sizeClass(bytes);
    const reused = this.freeLists.get(size)?.pop();
    const ptr = reused ?? this.bump(size, bytes);
    this.live.set(ptr, bytes);
    this.liveBytes += bytes;
    return ptr;
  }

  /** Returns a block to its free list. */
  free(ptr: number): void {
    const bytes = this.live.get(ptr);
    if (bytes === undefined) {
      throw new Error(`wasm backend: free of unknown buffer ${ptr} (already freed, or not allocated by this backend)`);
    }
    this.live.delete(ptr);
    this.liveBytes -= bytes;
    const size = sizeClass(bytes);
    const list = this.freeLists.get(size);
    if (list) list.push(ptr);
    else this.freeLists.set(size, [ptr]);
  }

  /** Live blocks and the bytes they were requested with. */
  usage(): { blocks: number; bytes: number } {
    return { blocks: this.live.size, bytes: this.liveBytes };
  }

  private bump(size: number, requested: number): number {
    const end = this.top + size;
    const capacity = this.memory.buffer.byteLength;
    if (end > capacity) {
      const pages = Math.max(Math.ceil((end - capacity) / PAGE), Math.ceil(capacity / PAGE / 4));
      try {
        this.memory.grow(pages);
      } catch {
        try {
          this.memory.grow(Math.ceil((end - capacity) / PAGE));
        } catch {
          throw new RangeError(
            `wasm backend: out of memory allocating ${requested} bytes ` +
              `(${this.liveBytes} bytes live in ${this.live.size} buffers, ${capacity} bytes of linear memory)`,
          );
        }
      }
    }
    const ptr = this.top;
    this.top = end;
    return ptr;
  }
}
