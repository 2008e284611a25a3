/**
 * `@keras/cli`: the `keras` command. `run` is the whole command, callable from code.
 */
export { run } from './run.js';
export type { Io } from './io.js';
