/**
 * The control block the pool shares with the kernels: 320 bytes of the shared
 * memory, laid out as in assembly/parallel.ts (each counter on its own cache
 * line, so a spinning worker does not slow the thread that writes the task).
 * JS touches only the fields here; the kernels write the task itself.
 */

/** Bytes the control block occupies. */
export const CONTROL_BYTES = 320;
/** Int32 index (from the block's start) of the generation counter: bumped once per task; workers wait on it. */
export const GEN = 0;
/** Int32 index of the count of tiles of the current task finished (by any thread); the caller waits on it. */
export const DONE = 16;
/** Int32 index of the current task's tile count (written by the kernels). */
export const TILES = 49;
