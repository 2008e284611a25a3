/**
 * The `verbose` option of fit, evaluate and predict.
 */
import { isInteractive } from '../callbacks/print.js';

/** 'auto', 0 (silent), 1 (progress bar) or 2 (one line per epoch). */
export type Verbose = 'auto' | 0 | 1 | 2;

/**
 * Resolves 'auto': 1 (a bar redrawn in place) when stdout is an interactive terminal,
 * else 2 (one line per epoch: logs, CI, test runners, browser consoles), where Keras
 * would print one line per bar update. Explicit values are kept.
 */
export function resolveVerbose(verbose: Verbose | undefined): 0 | 1 | 2 {
  if (verbose === undefined || verbose === 'auto') return isInteractive() ? 1 : 2;
  if (verbose !== 0 && verbose !== 1 && verbose !== 2) throw new RangeError(`verbose must be 'auto', 0, 1 or 2. Received: verbose=${String(verbose)}.`);
  return verbose;
}
