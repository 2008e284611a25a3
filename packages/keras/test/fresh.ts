/**
 * Test helper: a freshly imported `keras/node` (its settings resolved anew) with
 * some environment variables set, restored by `restoreEnv()`.
 */
import { vi } from 'vitest';

const saved = new Map<string, string | undefined>();

/** Sets (or, for undefined, removes) environment variables, remembering the old values. */
export function setEnv(vars: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(vars)) {
    if (!saved.has(key)) saved.set(key, process.env[key]);
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

/** Puts back the environment variables changed by `setEnv`. */
export function restoreEnv(): void {
  for (const [key, value] of saved) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  saved.clear();
}

/** Imports the Node entry afresh, as a new process would, after setting `vars`. */
export async function freshKeras(vars: Record<string, string | undefined>): Promise<typeof import('../src/node.js')> {
  setEnv(vars);
  vi.resetModules();
  return import('../src/node.js');
}
