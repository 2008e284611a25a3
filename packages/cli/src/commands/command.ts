/**
 * A CLI command: its name, a one-line summary for `keras --help`, its own help text,
 * and what it does.
 */
import type { Args } from '../args.js';
import type { Io } from '../io.js';

/** A `keras <command>`. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** The text `keras <command> --help` prints. */
  readonly help: string;
  /** Runs the command; resolves to the exit status. */
  run(args: Args, io: Io): Promise<number>;
}
