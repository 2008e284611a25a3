/**
 * The resolved settings (backend, floatx, epsilon, image data format), each with
 * where its value came from. They are resolved on first use from the platform
 * (Node: `keras.json` and `KERAS_BACKEND`; browsers and edge runtimes: defaults),
 * then changed only by `keras.config` calls.
 */
import { getPlatform } from '../platform.js';
import type { Floatx, ImageDataFormat } from './validate.js';

/** Where a setting's value came from. */
export type SettingSource =
  | { kind: 'default' }
  | { kind: 'file'; path: string }
  | { kind: 'env'; variable: string }
  | { kind: 'call'; call: string };

/** A value and where it came from. */
export interface Setting<T> {
  value: T;
  source: SettingSource;
}

/** Keras' four settings. */
export interface Settings {
  backend: Setting<string>;
  floatx: Setting<Floatx>;
  epsilon: Setting<number>;
  imageDataFormat: Setting<ImageDataFormat>;
}

/** What a platform reads from its environment: settings that differ from the defaults, and where they were looked for. */
export interface LoadedSettings {
  /** Settings found in the environment; the others keep their defaults. */
  settings: Partial<Settings>;
  /** The Keras home folder (`$KERAS_HOME`, `~/.keras`, or a temp folder), where the platform has one. */
  home: string | null;
  /** The path of keras.json, where the platform has one. */
  file: string | null;
  /** What happened to keras.json: read, created with the defaults, or not writable. */
  fileStatus: 'read' | 'created' | 'not-writable' | null;
  /** Things worth telling (for example a keras.json that is not valid JSON, ignored as Keras does). */
  notes: string[];
}

/** The settings and where they came from, as `keras config` shows them. */
export interface ConfigReport extends Omit<LoadedSettings, 'settings'>, Settings {
  /** The platform that resolved the settings: 'node' or 'web'. */
  platform: string;
}

/** Keras' defaults, with `wasm` as the backend. */
export const DEFAULTS = { backend: 'wasm', floatx: 'float32', epsilon: 1e-7, imageDataFormat: 'channels_last' } as const;

let resolved: ConfigReport | null = null;

/** Resolves the settings on first use; an invalid keras.json throws here, on every use until it is fixed. */
function current(): ConfigReport {
  if (resolved) return resolved;
  const platform = getPlatform();
  const loaded = platform.loadSettings();
  const byDefault = { source: { kind: 'default' } } as const;
  resolved = {
    platform: platform.name,
    home: loaded.home,
    file: loaded.file,
    fileStatus: loaded.fileStatus,
    notes: loaded.notes,
    backend: loaded.settings.backend ?? { ...byDefault, value: DEFAULTS.backend },
    floatx: loaded.settings.floatx ?? { ...byDefault, value: DEFAULTS.floatx },
    epsilon: loaded.settings.epsilon ?? { ...byDefault, value: DEFAULTS.epsilon },
    imageDataFormat: loaded.settings.imageDataFormat ?? { ...byDefault, value: DEFAULTS.imageDataFormat },
  };
  return resolved;
}

/** The current value of a setting. */
export function getSetting<K extends keyof Settings>(name: K): Settings[K]['value'] {
  return current()[name].value;
}

/** Sets a setting from a `keras.config` call named `call`. */
export function putSetting<K extends keyof Settings>(name: K, value: Settings[K]['value'], call: string): void {
  const report = current();
  (report[name] as Setting<Settings[K]['value']>) = { value, source: { kind: 'call', call } };
}

/** A copy of the resolved settings with their sources. */
export function configReport(): ConfigReport {
  const r = current();
  return { ...r, notes: [...r.notes] };
}

/** Forgets the resolved settings, so the next use resolves them again (after a platform is installed). */
export function forgetSettings(): void {
  resolved = null;
}

/** Says in words where a setting came from: 'default', a file path, 'KERAS_BACKEND', or a call. */
export function describeSource(source: SettingSource): string {
  switch (source.kind) {
    case 'default':
      return 'default';
    case 'file':
      return source.path;
    case 'env':
      return `${source.variable} environment variable`;
    case 'call':
      return `${source.call}()`;
  }
}
