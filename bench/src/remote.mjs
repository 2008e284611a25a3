/**
 * Worker-thread side of a remote runner (harness.mjs): creates the runner's peer in
 * its own module graph, prepares cases by id and times calls here, so message
 * latency never enters a measurement.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { caseById } from './cases/index.mjs';
import { errorLine, localRunner } from './harness.mjs';
import { runnerByName } from './peers/index.mjs';

let handle;

parentPort.on('message', async (msg) => {
  try {
    if (msg.op === 'init') {
      handle = await localRunner(runnerByName(workerData.runner), workerData.opts);
      parentPort.postMessage({ describe: handle.describe, variant: handle.variant });
    } else if (msg.op === 'prepare') {
      await handle.prepare(caseById(msg.caseId, workerData.opts));
      parentPort.postMessage({});
    } else if (msg.op === 'time') {
      parentPort.postMessage({ ms: await handle.time(msg.caseId, msg.iters) });
    } else if (msg.op === 'release') {
      await handle.release(msg.caseId);
      parentPort.postMessage({});
    }
  } catch (e) {
    parentPort.postMessage({ error: errorLine(e) });
  }
});
