// A pool worker in a browser (module worker, cross-origin isolated page): the first message is the init object.
import { workerLoop } from './worker-loop.mjs';

self.addEventListener('message', (event) => workerLoop(event.data, () => self.postMessage('ready')), { once: true });
