/** Pool workers in browsers (module workers); usable only on cross-origin isolated pages. */
import type { PoolWorker, WorkerInit } from './pool.js';

/**
 * Whether this global scope can run a pool: `SharedArrayBuffer` exists, the page
 * is cross-origin isolated (COOP/COEP headers) and `Worker` exists. False in
 * Node (no global Worker), edge runtimes and plain pages, which stay single-threaded.
 */
export function browserThreadsAvailable(): boolean {
  const g = globalThis as { crossOriginIsolated?: boolean; Worker?: unknown };
  return typeof SharedArrayBuffer === 'function' && g.crossOriginIsolated === true && typeof g.Worker === 'function';
}

/** Logical cores the browser reports (1 when unknown). */
export function browserCores(): number {
  return (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
}

/** Starts a module worker on src/pool/worker-browser.mjs. Bundlers emit it from this `new URL` pattern. */
export function spawnBrowserWorker(init: WorkerInit): Promise<PoolWorker> {
  const worker = new Worker(new URL('./worker-browser.mjs', import.meta.url), { type: 'module' });
  return new Promise((resolve, reject) => {
    worker.onerror = (event) => reject(new Error(event.message));
    worker.onmessage = () => {
      worker.onerror = null;
      resolve({ terminate: () => worker.terminate() });
    };
    worker.postMessage(init);
  });
}
