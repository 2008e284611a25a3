/**
 * A tiny describe/it/expect for running `runConformance` inside a web page, where
 * vitest is not: `collect` records the tests (full names joined by ' > ') without
 * running them, `runAll` runs them in order and reports each one's error, if any.
 */
import type { TestApi } from '@keras/core/testing';

/** One collected test. */
export interface CollectedTest {
  name: string;
  fn: () => Promise<void> | void;
}

/** The outcome of one test: null error means it passed. */
export interface TestResult {
  name: string;
  error: string | null;
  ms: number;
}

function equal(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const show = (v: unknown): string => {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

/** vitest-like `expect` with the matchers the conformance suite uses. */
export const expect: TestApi['expect'] = (value) => ({
  toBe(v) {
    if (!Object.is(value, v)) throw new Error(`expected ${show(value)} to be ${show(v)}`);
  },
  toEqual(v) {
    if (!equal(value, v)) throw new Error(`expected ${show(value)} to equal ${show(v)}`);
  },
  toThrow(message) {
    try {
      (value as () => unknown)();
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      const ok = message === undefined || (typeof message === 'string' ? text.includes(message) : message.test(text));
      if (!ok) throw new Error(`expected an error matching ${String(message)}, got: ${text}`);
      return;
    }
    throw new Error('expected the function to throw');
  },
});

/** Records the tests `register` declares, without running them. */
export function collect(register: (api: TestApi) => void): CollectedTest[] {
  const path: string[] = [];
  const tests: CollectedTest[] = [];
  register({
    describe(name, fn) {
      path.push(name);
      fn();
      path.pop();
    },
    it(name, fn) {
      tests.push({ name: [...path, name].join(' > '), fn });
    },
    expect,
  });
  return tests;
}

/** Runs tests in order. */
export async function runAll(tests: readonly CollectedTest[]): Promise<TestResult[]> {
  const results: TestResult[] = [];
  for (const t of tests) {
    const start = performance.now();
    try {
      await t.fn();
      results.push({ name: t.name, error: null, ms: performance.now() - start });
    } catch (e) {
      results.push({ name: t.name, error: e instanceof Error ? e.message : String(e), ms: performance.now() - start });
    }
  }
  return results;
}
