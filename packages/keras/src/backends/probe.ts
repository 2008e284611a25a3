/**
 * The state of every known backend here: installed or not, able to start or not,
 * and what it reports about itself (`keras backend --list` prints this).
 */
import { activeBackendName, type BackendInfo } from '@keras/core';
import { KNOWN_BACKENDS } from './known.js';
import { BackendError, startNamedBackend } from './load.js';

/** One backend's state. */
export interface BackendStatus {
  /** The backend's name. */
  name: string;
  /** Its npm package. */
  package: string;
  /** Whether its package (and what it needs at import) is installed. */
  installed: boolean;
  /** Whether it started here. */
  works: boolean;
  /** Whether it is the active backend. */
  active: boolean;
  /** What it reports about itself once started (variant, SIMD, threads, adapter...). */
  info: BackendInfo | null;
  /** Why it is not installed or cannot start. */
  error: string | null;
  /** The command that installs what is missing, when something is. */
  installCommand: string | null;
}

/** Loads and starts each known backend (without changing the active one) and reports how that went. */
export async function probeBackends(): Promise<BackendStatus[]> {
  const statuses: BackendStatus[] = [];
  for (const known of KNOWN_BACKENDS) {
    const status: BackendStatus = {
      name: known.name,
      package: known.package,
      installed: true,
      works: false,
      active: false,
      info: null,
      error: null,
      installCommand: null,
    };
    try {
      const backend = await startNamedBackend(known.name, 'keras.backend.probeBackends');
      status.works = true;
      status.info = backend.info?.() ?? null;
      status.active = activeBackendName() === known.name;
    } catch (error) {
      status.error = error instanceof Error ? error.message : String(error);
      if (error instanceof BackendError) {
        status.installed = error.problem !== 'not-installed';
        status.installCommand = error.installCommand;
      }
    }
    statuses.push(status);
  }
  return statuses;
}
