/**
 * Command-line arguments: a command name, then flags (`--list`, `--json`, `-h`).
 * Small enough to parse by hand; unknown flags are errors, not silently ignored.
 */

/** Parsed arguments. */
export interface Args {
  /** The command (first word that is not a flag), or null. */
  command: string | null;
  /** Words after the command that are not flags. */
  positional: string[];
  /** Flags given, by long name (`-h` is `help`, `-v`/`-V` is `version`). */
  flags: Set<string>;
}

const SHORT: Record<string, string> = { h: 'help', v: 'version', V: 'version', l: 'list' };

/** A usage mistake: reported with a hint, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Splits argv (without `node` and the script) into command, positional words and flags. */
export function parseArgs(argv: readonly string[]): Args {
  const args: Args = { command: null, positional: [], flags: new Set() };
  for (const word of argv) {
    if (word.startsWith('--')) args.flags.add(word.slice(2));
    else if (word.startsWith('-') && word.length > 1) {
      for (const letter of word.slice(1)) {
        const long = SHORT[letter];
        if (!long) throw new UsageError(`unknown option '-${letter}'`);
        args.flags.add(long);
      }
    } else if (args.command === null) args.command = word;
    else args.positional.push(word);
  }
  return args;
}

/** Throws a UsageError for any flag outside `allowed` or any positional word. */
export function expectOnly(args: Args, allowed: readonly string[], command: string): void {
  for (const flag of args.flags) {
    if (!allowed.includes(flag)) throw new UsageError(`unknown option '--${flag}' for '${command}'`);
  }
  if (args.positional.length > 0) throw new UsageError(`unexpected argument '${args.positional[0]}' for '${command}'`);
}
