/**
 * Leak-check counts that do not depend on when the garbage collector runs.
 */
import { memory } from '../engine.js';

/**
 * Live tensors and bytes plus those the garbage collector reclaimed without `dispose()`.
 * A tensor leaked earlier counts the same before and after the collector frees it, so
 * comparing two of these snapshots finds leaks between them, never the collector's timing.
 */
export function liveCounts(): { tensors: number; bytes: number } {
  const m = memory();
  return { tensors: m.numTensors + m.collected.tensors, bytes: m.numBytes + m.collected.bytes };
}
