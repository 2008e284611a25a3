// A pool worker under Node's worker_threads: the first message is the init object.
import { parentPort } from 'node:worker_threads';
import { workerLoop } from './worker-loop.mjs';

parentPort.once('message', (init) => workerLoop(init, () => parentPort.postMessage('ready')));
