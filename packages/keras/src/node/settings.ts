/**
 * Settings on Node, as Keras 3 reads them: `keras.json` in the Keras home folder
 * (created with the defaults when missing and the folder is writable), then
 * `KERAS_BACKEND`, which overrides the file's backend and is never written back.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultKerasJson, parseKerasJson } from '../config/keras-json.js';
import type { LoadedSettings } from '../config/settings.js';
import { checkBackendName } from '../config/validate.js';
import { kerasHome } from './keras-home.js';

/** Writes the default keras.json at `file` (through a temp file, so a reader never sees half of it); false if it cannot. */
function createDefaultFile(home: string, file: string): boolean {
  try {
    mkdirSync(home, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, defaultKerasJson());
    renameSync(temp, file);
    return true;
  } catch {
    return false;
  }
}

/** Reads the settings of an environment (default `process.env`); invalid values in keras.json throw Keras' errors. */
export function loadNodeSettings(env: NodeJS.ProcessEnv = process.env): LoadedSettings {
  const home = kerasHome(env);
  const file = join(home, 'keras.json');
  const loaded: LoadedSettings = { settings: {}, home, file, fileStatus: 'read', notes: [] };
  if (existsSync(file)) {
    const { settings, notes } = parseKerasJson(readFileSync(file, 'utf8'), file);
    loaded.settings = settings;
    loaded.notes.push(...notes);
  } else {
    loaded.fileStatus = createDefaultFile(home, file) ? 'created' : 'not-writable';
  }
  const backend = env.KERAS_BACKEND;
  if (backend) {
    loaded.settings.backend = { value: checkBackendName(backend, 'KERAS_BACKEND'), source: { kind: 'env', variable: 'KERAS_BACKEND' } };
  }
  return loaded;
}
