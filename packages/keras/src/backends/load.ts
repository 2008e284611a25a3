/**
 * Finding, starting and activating a backend by name: the package is imported on
 * demand (it registers itself with `@keras/core`), then started. Every failure says
 * which backend, why, and what to do.
 */
import { registeredBackends, setBackend, startBackend, type Backend } from '@keras/core';
import { getPlatform } from '../platform.js';
import { knownBackend, knownBackendNames, type KnownBackend } from './known.js';

/** What went wrong with a backend. */
export type BackendProblem = 'unknown' | 'not-installed' | 'failed-to-load' | 'cannot-start';

/** A backend that is unknown, not installed, or cannot start here. */
export class BackendError extends Error {
  override readonly name = 'BackendError';
  /** The backend's name. */
  readonly backend: string;
  /** What went wrong. */
  readonly problem: BackendProblem;
  /** The command that installs what is missing, when something is. */
  readonly installCommand: string | null;

  constructor(message: string, backend: string, problem: BackendProblem, installCommand: string | null = null, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.backend = backend;
    this.problem = problem;
    this.installCommand = installCommand;
  }
}

/** The package a module specifier belongs to ('@scope/name/sub' -> '@scope/name'), or null for a file path. */
function packageOf(specifier: string): string | null {
  if (/^(\.|\/|[a-z]+:)/i.test(specifier)) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? null);
}

/** The package an import failed to find (Node, bundlers and browsers word it differently), if any. */
function missingPackage(error: unknown): string | null {
  const message = error instanceof Error ? error.message : String(error);
  const match =
    /Cannot find (?:package|module) '([^']+)'/.exec(message) ??
    /Failed to resolve (?:module specifier|import) ["']([^"']+)["']/.exec(message) ??
    /Failed to load url (\S+)/.exec(message);
  return match?.[1] ? packageOf(match[1]) : null;
}

/** An error's message as a sentence ending in one full stop. */
function sentence(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /[.!?]$/.test(message) ? message : `${message}.`;
}

/** Other backends to suggest: every known one but `name`. */
function alternatives(name: string): string {
  return knownBackendNames().filter((n) => n !== name).join(', ');
}

/** Python Keras' backends: a keras.json written by Python Keras names one of them. */
const PYTHON_BACKENDS = ['tensorflow', 'jax', 'torch', 'numpy', 'openvino'];

/** The error for a name that is neither known nor registered; `from` says where the name came from. */
export function unknownBackend(name: string, from: string): BackendError {
  const python = PYTHON_BACKENDS.includes(name)
    ? `'${name}' is a backend of Python Keras, which shares ~/.keras/keras.json; point KERAS_HOME elsewhere or set KERAS_BACKEND to keep both. `
    : '';
  return new BackendError(
    `Unknown backend '${name}' (from ${from}). ${python}Known backends: ${knownBackendNames().join(', ')}. ` +
      `Set KERAS_BACKEND, the "backend" field of keras.json, or keras.config.setBackend() to one of them ` +
      `(a backend registered with registerBackend() from @keras/core is accepted too).`,
    name,
    'unknown',
  );
}

/** Imports the package of a known backend so that it registers itself, unless a backend of that name is registered already. */
export async function loadBackend(known: KnownBackend): Promise<void> {
  if (registeredBackends().includes(known.name)) return;
  const platform = getPlatform();
  const specifier = platform.backendModule(known);
  try {
    await platform.importBackend(known);
  } catch (error) {
    const missing = missingPackage(error);
    if (missing !== null) {
      const install = missing === known.package ? known.install : `npm install ${missing}`;
      throw new BackendError(
        `The '${known.name}' backend needs the package ${missing}, which is not installed. ` +
          `Install it with \`${install}\`, or choose another backend (${alternatives(known.name)}) with KERAS_BACKEND or keras.json.`,
        known.name,
        'not-installed',
        install,
        error,
      );
    }
    throw new BackendError(
      `The '${known.name}' backend could not be loaded from ${specifier}: ${sentence(error)}`,
      known.name,
      'failed-to-load',
      null,
      error,
    );
  }
  if (!registeredBackends().includes(known.name)) {
    throw new BackendError(
      `${specifier} was imported but did not register a backend named '${known.name}'. Its version may not match keras; reinstall both.`,
      known.name,
      'failed-to-load',
    );
  }
}

/** Loads (when known and not yet registered) and starts the backend `name`, without activating it. */
export async function startNamedBackend(name: string, from: string): Promise<Backend> {
  const known = knownBackend(name);
  if (known) await loadBackend(known);
  else if (!registeredBackends().includes(name)) throw unknownBackend(name, from);
  try {
    return await startBackend(name);
  } catch (error) {
    const needs = known ? ` It needs ${known.needs}.` : '';
    throw new BackendError(
      `The '${name}' backend cannot start here: ${sentence(error)}${needs} ` +
        `Choose another backend (${alternatives(name)}) with KERAS_BACKEND, keras.json, or keras.config.setBackend().`,
      name,
      'cannot-start',
      null,
      error,
    );
  }
}

/** Loads, starts and activates the backend `name`; `from` says where the name came from, for errors. */
export async function activateBackend(name: string, from: string): Promise<Backend> {
  await startNamedBackend(name, from);
  return setBackend(name);
}
