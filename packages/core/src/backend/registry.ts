/**
 * The backend registry: named backend factories with priorities, async start-up,
 * and the active backend that ops run on.
 */
import type { Backend } from './backend.js';

/** A registered backend factory. */
interface Registration {
  factory: () => Promise<Backend>;
  priority: number;
}

const registrations = new Map<string, Registration>();
const started = new Map<string, Backend>();
let active: Backend | null = null;

/**
 * Registers a backend under `name`. Registering the same name again replaces the
 * factory (for example `@keras/kernels-wasm/node` swaps in a file-system loader).
 * The highest priority wins when `ready()` picks a backend.
 */
export function registerBackend(name: string, factory: () => Promise<Backend>, priority = 1): void {
  registrations.set(name, { factory, priority });
}

/** Names of registered backends, highest priority first. */
export function registeredBackends(): string[] {
  return [...registrations.entries()].sort((a, b) => b[1].priority - a[1].priority).map(([n]) => n);
}

/** Starts (once) and returns the backend registered under `name`, without making it active. */
export async function startBackend(name: string): Promise<Backend> {
  const existing = started.get(name);
  if (existing) return existing;
  const reg = registrations.get(name);
  if (!reg) {
    const known = registeredBackends();
    throw new Error(
      `Backend '${name}' is not registered. Registered backends: ${known.length ? known.join(', ') : 'none'}. ` +
        `Import the package that provides it (for example '@keras/kernels-wasm' for 'wasm').`,
    );
  }
  const backend = await reg.factory();
  started.set(name, backend);
  return backend;
}

/** Starts the backend `name` if needed and makes it the active one. Tensors of other backends keep working there. */
export async function setBackend(name: string): Promise<Backend> {
  active = await startBackend(name);
  return active;
}

/** Makes an already constructed backend active (tests, or a backend built by hand). */
export function useBackend(backend: Backend): void {
  started.set(backend.name, backend);
  active = backend;
}

/**
 * Waits until a backend is active: the current one, or else the registered backend
 * with the highest priority.
 */
export async function ready(): Promise<Backend> {
  if (active) return active;
  const [best] = registeredBackends();
  if (best === undefined) {
    throw new Error('No backend is registered. Import a backend package first, e.g. `import "@keras/kernels-wasm/node"`.');
  }
  return setBackend(best);
}

/** The active backend; throws a clear error before `await ready()`. */
export function getBackend(): Backend {
  if (!active) {
    throw new Error('No backend is ready: call `await ready()` (or `await setBackend(name)`) before the first op.');
  }
  return active;
}

/** The active backend's name, or null before `ready()`. */
export function activeBackendName(): string | null {
  return active?.name ?? null;
}
