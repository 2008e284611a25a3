/**
 * Letting the host breathe during long loops: a macrotask yield at most every 50 ms, so
 * browsers can repaint and handle input while fit runs, at no cost per batch.
 */

const INTERVAL_MS = 50;
let lastYield = performance.now();

/** Yields to the event loop (a zero-delay timer) when the last yield was more than 50 ms ago. */
export async function yieldIfDue(): Promise<void> {
  const now = performance.now();
  if (now - lastYield < INTERVAL_MS) return;
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  lastYield = performance.now();
}
