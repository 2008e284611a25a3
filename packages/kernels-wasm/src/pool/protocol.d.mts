// Types of protocol.mjs (the pool's shared protocol, plain JavaScript for the workers).

/** Bytes of the control block. */
export declare const CONTROL_BYTES: number;
/** Int32 index of the generation counter in the control block. */
export declare const GEN: number;
/** Int32 index of the finished-tile count in the control block. */
export declare const DONE: number;
/** Int32 index of the current task's tile count in the control block. */
export declare const TILES: number;
/** Bytes of the command ring's header. */
export declare const RING_HEADER_BYTES: number;
/** Float64 slots of the command ring. */
export declare const RING_SLOTS: number;
/** Int32 index of the ring's published head. */
export declare const HEAD: number;
/** Int32 index of the ring's tail. */
export declare const TAIL: number;
/** Int32 index of the executor lock. */
export declare const LOCK: number;
/** Int32 index of the executor worker's awake flag. */
export declare const AWAKE: number;
/** Int32 index of the failure flag. */
export declare const FAILED: number;
/** Record kind of bytes for a later call. */
export declare const DATA: number;
/** Record kind of padding to the ring's end. */
export declare const WRAP: number;

/** A kernel export run from the ring (its arguments are numbers). */
export type QueuedFn = (...args: number[]) => void;

/** Views of a command ring and the kernels that run its calls on this thread. */
export interface Ring {
  readonly h: Int32Array;
  readonly f64: Float64Array;
  readonly fns: readonly QueuedFn[];
  readonly args: number[];
}

/** Runs the task in the control block on every pool thread, as thread `thread`; returns its generation. */
export declare function runPoolTask(
  i32: Int32Array, ctrl: number, runTask: (ctrl: number, thread: number, gen: number) => number, thread: number, canBlock: boolean,
): number;
/** Views of the ring at `header`, running calls with `fns`. */
export declare function openRing(memory: WebAssembly.Memory, header: number, fns: readonly QueuedFn[]): Ring;
/** Whether published calls are waiting. */
export declare function pending(ring: Ring): boolean;
/** Runs every published call if the executor lock is free; returns whether it was. */
export declare function drain(ring: Ring): boolean;
