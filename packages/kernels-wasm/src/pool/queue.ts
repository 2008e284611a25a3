/**
 * The caller's side of the command ring (protocol.mjs): with a pool, the
 * kernel wrappers' calls are written here instead of run, and the executor
 * worker runs them in order while this thread goes on with the JavaScript of
 * the next ops; a training step's JavaScript then overlaps its kernels instead
 * of adding to them. Reading results waits for the ring to drain, helping with
 * the tiles of the task in progress meanwhile. When the executor sleeps (an
 * idle pool), this thread runs what it queues at once, as without a ring, so
 * a lone small op never waits for a worker to wake.
 *
 * Order is the whole contract: calls run one at a time in the order queued, so
 * a buffer freed and handed out again is only ever written by a later call.
 * JavaScript that touches the memory itself flushes first (reads, large
 * uploads) or queues the bytes (metadata and small uploads ride in the ring).
 */
import {
  AWAKE, CONTROL_BYTES, DATA, DONE, FAILED, GEN, HEAD, LOCK, RING_SLOTS, TAIL, WRAP,
  drain, openRing, pending, type QueuedFn, type Ring,
} from './protocol.mjs';

/**
 * Largest DATA payload a call may queue (half the ring: a training batch of
 * 128 MNIST images, 400 KB, rides in it); larger uploads flush and copy directly.
 */
export const MAX_QUEUED_BYTES = (RING_SLOTS * 8) / 2;

/** Queues kernel calls on a command ring and waits for them. */
export class CommandQueue {
  private readonly ring: Ring;
  private readonly ctrlI32: Int32Array;
  /** Slots written, published or not (wrapping at 2^32 like HEAD). */
  private head: number;
  /** The last generation this thread helped with. */
  private seenGen = 0;

  /**
   * Opens the ring at `at` (zeroed) in `memory`; `fns` are this thread's queued
   * kernels by record kind, `runTask` its tile runner for the control block at `ctrl`.
   */
  constructor(
    memory: WebAssembly.Memory,
    at: number,
    private readonly ctrl: number,
    fns: readonly QueuedFn[],
    private readonly runTask: (ctrl: number, thread: number, gen: number) => number,
  ) {
    this.ring = openRing(memory, at, fns);
    this.ctrlI32 = new Int32Array(memory.buffer, ctrl, CONTROL_BYTES / 4);
    this.head = Atomics.load(this.ring.h, HEAD);
  }

  /**
   * Runs `fn(...args)` on this thread at once, instead of queueing it, when the
   * executor sleeps and no call is waiting (an idle pool, as in batch-1
   * inference, then costs no more than calling the kernel); returns whether it
   * did. It holds the ring's lock meanwhile and consumes the metadata reserved
   * for the call.
   */
  runHere(fn: QueuedFn, args: readonly number[]): boolean {
    const { h } = this.ring;
    if (Atomics.load(h, AWAKE) !== 0 || Atomics.compareExchange(h, LOCK, 0, 1) !== 0) return false;
    try {
      if (Atomics.load(h, TAIL) !== Atomics.load(h, HEAD)) return false;
      fn(...args);
      Atomics.store(h, HEAD, this.head);
      Atomics.store(h, TAIL, this.head);
      return true;
    } finally {
      Atomics.store(h, LOCK, 0);
    }
  }

  /** Queues a call of kernel `kind` (an index into the queued kernels) with `args`. */
  call(kind: number, args: readonly number[]): void {
    const length = (args.length + 3) & ~1;
    const { f64, h } = this.ring;
    const at = this.reserve(length);
    f64[at] = kind;
    f64[at + 1] = length;
    for (let i = 0; i < args.length; i++) f64[at + 2 + i] = args[i]!;
    Atomics.store(h, HEAD, this.head);
    // An executor asleep would take 50-70 us to wake: run it here instead (a no-op if the executor holds the lock).
    if (Atomics.load(h, AWAKE) === 0) drain(this.ring);
    // Join a split task the executor started (an earlier call's) before going on: this thread's JavaScript then
    // overlaps the small kernels that run on one thread rather than slowing the large ones down.
    else this.joinTask();
  }

  /**
   * Reserves `bytes` (at most {@link MAX_QUEUED_BYTES}) in the ring for the next
   * call to read, and returns their address (16-byte aligned). They stay valid
   * until that call has run.
   */
  data(bytes: number): number {
    const length = 2 + 2 * Math.ceil(bytes / 16);
    const at = this.reserve(length);
    this.ring.f64[at] = DATA;
    this.ring.f64[at + 1] = length;
    return this.ring.f64.byteOffset + (at + 2) * 8;
  }

  /** The ring position after the last call queued so far: {@link waitFor} it to wait for that call alone. */
  get position(): number {
    return this.head;
  }

  /** Waits until every queued call has run; throws if one failed. */
  flush(): void {
    while (pending(this.ring)) this.help();
    this.reportFailure();
  }

  /**
   * Waits until the calls queued before `position` (a {@link position}) have run,
   * not those queued after; throws if one failed.
   */
  waitFor(position: number): void {
    while (((Atomics.load(this.ring.h, TAIL) - position) | 0) < 0) this.help();
    this.reportFailure();
  }

  private reportFailure(): void {
    const { h } = this.ring;
    if (Atomics.load(h, FAILED) !== 0) {
      Atomics.store(h, FAILED, 0);
      throw new Error('wasm backend: a queued kernel trapped (a bug in the kernels); the results since are undefined');
    }
  }

  /** Reserves `length` contiguous slots at the head (padding to the ring's end first if needed); returns the first. */
  private reserve(length: number): number {
    let at = this.head & (RING_SLOTS - 1);
    if (at + length > RING_SLOTS) {
      const pad = RING_SLOTS - at;
      this.waitForRoom(pad);
      this.ring.f64[at] = WRAP;
      this.ring.f64[at + 1] = pad;
      this.head = (this.head + pad) | 0;
      at = 0;
    }
    this.waitForRoom(length);
    this.head = (this.head + length) | 0;
    return at;
  }

  private waitForRoom(length: number): void {
    const { h } = this.ring;
    while (((this.head - Atomics.load(h, TAIL)) | 0) + length > RING_SLOTS) {
      // Only reservations never published could fill it: a bug here, reported rather than spun on forever.
      if (!pending(this.ring) && Atomics.load(h, LOCK) === 0) {
        throw new Error('wasm backend: the command ring is full of unpublished records (a bug in the queue)');
      }
      this.help();
    }
  }

  /** One round of waiting: run tiles of a task in progress, or the queued calls when no thread is running them. */
  private help(): void {
    if (!this.joinTask() && Atomics.load(this.ring.h, LOCK) === 0) drain(this.ring);
  }

  /** Runs tiles of the pool's task if a new one started since this thread last looked; returns whether one had. */
  private joinTask(): boolean {
    const gen = Atomics.load(this.ctrlI32, GEN);
    if (gen === this.seenGen) return false;
    this.seenGen = gen;
    if (this.runTask(this.ctrl, 0, gen)) Atomics.notify(this.ctrlI32, DONE);
    return true;
  }
}
