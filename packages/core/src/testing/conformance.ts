/**
 * `runConformance`: stamps out every conformance case as a test against one backend.
 */
import type { Backend } from '../backend/backend.js';
import { memory } from '../engine.js';
import { tidy } from '../memory.js';
import type { OpCase } from './case.js';
import { caseInputs, checkGradients, compare, makeInputs } from './check.js';
import { allCases } from './cases/index.js';
import { lazyBackend, runEngineSuite } from './engine-suite.js';
import { ref } from './ref.js';

/** The parts of a test framework the suite needs (vitest, jest, node:test adapters). */
export interface TestApi {
  describe: (name: string, fn: () => void) => void;
  it: (name: string, fn: () => Promise<void> | void) => void;
  expect: (value: unknown) => { toBe(v: unknown): void; toEqual(v: unknown): void; toThrow(message?: string | RegExp): void };
}

/** Options of {@link runConformance}. */
export interface ConformanceOptions {
  /** Only cases whose name contains one of these strings. */
  only?: string[];
  /** Skip the gradient checks (e.g. a backend too slow for them). */
  skipGradients?: boolean;
}

/** Tensors alive and the backend's own byte count, each plus what the garbage collector reclaimed, for the leak check. */
function liveState(backendName: string): [number, number] {
  const m = memory();
  const b = m.backends[backendName];
  return [m.numTensors + m.collected.tensors, (b?.bytes ?? 0) + (b?.collectedBytes ?? 0)];
}

/** Runs one case: forward against float64, leak check, gradient check. */
async function runCase(c: OpCase, backend: Backend, api: TestApi, options: ConformanceOptions): Promise<void> {
  const values = caseInputs(c);
  const want = c.reference(...values.map((v, i) => ref(c.inputs[i]!.shape, v)));
  const before = liveState(backend.name);
  const y = tidy(() => c.run(...makeInputs(c, values)));
  const problem = compare(await y.data(), y.shape, y.dtype, want, c.tol ?? 1e-6);
  y.dispose();
  api.expect(problem).toBe(null);
  api.expect(liveState(backend.name)).toEqual(before);
  if (c.grad && !options.skipGradients) {
    api.expect(await checkGradients(c, values)).toBe(null);
    api.expect(liveState(backend.name)).toEqual(before);
  }
}

/**
 * Registers the conformance suite for a backend: every op on awkward shapes against
 * the float64 reference, every gradient against finite differences, and a leak check
 * per case, plus the engine suite (scopes, autodiff, variables, dtype rules). `createBackend` is called once. Results are read with `await data()`, so
 * backends without synchronous reads (webgpu) run the same suite.
 */
export function runConformance(name: string, createBackend: () => Promise<Backend>, api: TestApi, options: ConformanceOptions = {}): void {
  const start = lazyBackend(createBackend);
  const families = allCases();
  api.describe(`conformance: ${name}`, () => {
    runEngineSuite(name, start, api);
    for (const [family, cases] of Object.entries(families)) {
      api.describe(family, () => {
        for (const c of cases) {
          if (options.only && !options.only.some((s) => c.name.includes(s))) continue;
          api.it(c.name, async () => runCase(c, await start(), api, options));
        }
      });
    }
  });
}
