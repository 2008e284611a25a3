/** Pool workers over Node's `worker_threads` (only the `./node` entry imports this). */
import { Worker } from 'node:worker_threads';
import type { PoolWorker, WorkerInit } from './pool.js';

/**
 * Starts a worker on src/pool/worker-node.mjs (dist/pool/ once built). It is
 * unref()'d, so an idle pool never keeps the process alive.
 */
export function spawnNodeWorker(init: WorkerInit): Promise<PoolWorker> {
  // No inherited execArgv: the worker is plain .mjs, and flags such as --input-type or loaders would break it.
  const worker = new Worker(new URL('./worker-node.mjs', import.meta.url), { execArgv: [] });
  worker.unref();
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', () => {
      worker.off('error', reject);
      resolve({ terminate: () => void worker.terminate() });
    });
    worker.postMessage(init);
  });
}
