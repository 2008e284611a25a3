/**
 * The Keras home folder, as Keras finds it: `$KERAS_HOME`, else `~/.keras`, else
 * (when the home folder is not writable) `.keras` in the temp folder.
 */
import { accessSync, constants } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether a folder can be written to. */
export function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Keras home folder for an environment (default `process.env`). */
export function kerasHome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.KERAS_HOME;
  if (fromEnv) return fromEnv;
  const home = homedir();
  return join(isWritable(home) ? home : tmpdir(), '.keras');
}
