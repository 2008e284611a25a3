/**
 * Child process for peak memory: runs one training case on one runner for a fixed
 * number of steps in a fresh process and prints JSON { maxRssMiB, msPerStep }, so
 * each runner's peak RSS is its own (libraries, wasm memory, tensors).
 * Usage: node child.mjs <caseId> <runner> <steps> '<opts JSON>'
 */
import { readFileSync } from 'node:fs';
import { caseById } from './cases/index.mjs';
import { errorLine, localRunner } from './harness.mjs';
import { runnerByName } from './peers/index.mjs';

const [caseId, runnerName, stepsArg, optsJson] = process.argv.slice(2);
const opts = JSON.parse(optsJson ?? '{}');
/**
 * This process's peak RSS in KiB: VmHWM from /proc (Linux). `process.resourceUsage().maxRSS`
 * is not used there: Linux carries the parent's peak at fork through exec into it.
 */
function peakRssKiB() {
  try {
    return Number(/VmHWM:\s*(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
  } catch {
    return process.resourceUsage().maxRSS;
  }
}

try {
  const handle = await localRunner(runnerByName(runnerName), opts);
  await handle.prepare(caseById(caseId, opts));
  await handle.time(caseId, 1);
  const steps = Number(stepsArg);
  const ms = await handle.time(caseId, steps);
  const maxRssMiB = peakRssKiB() / 1024;
  process.stdout.write(`${JSON.stringify({ maxRssMiB, msPerStep: ms / steps })}\n`);
  process.exit(0);
} catch (e) {
  process.stdout.write(`${JSON.stringify({ error: errorLine(e) })}\n`);
  process.exit(0);
}
