/**
 * The `keras` command: parses the arguments, runs a command, and turns failures into
 * a message on stderr and an exit status (1 for an error, 2 for a usage mistake).
 */
import { parseArgs, UsageError } from './args.js';
import { backendCommand } from './commands/backend.js';
import type { Command } from './commands/command.js';
import { configCommand } from './commands/config.js';
import { versionCommand } from './commands/version.js';
import { table, type Io } from './io.js';

const COMMANDS: readonly Command[] = [backendCommand, configCommand, versionCommand];

/** The text `keras --help` prints. */
function mainHelp(): string {
  const commands = table([...COMMANDS.map((c) => [`  ${c.name}`, c.summary]), ['  help <command>', "Show a command's help"]]);
  return `Usage: keras <command> [options]

Keras for TypeScript: the backend and settings Keras uses here.

Commands:
${commands.join('\n')}

Options:
  -h, --help     Show help (after a command: that command's help)
  -v, --version  Print the version

Environment:
  KERAS_HOME     The folder of keras.json (default ~/.keras)
  KERAS_BACKEND  The backend to use (wasm, webgpu, node-gpu), overriding keras.json`;
}

/** The command called `name`, or a usage error listing them. */
function findCommand(name: string): Command {
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    throw new UsageError(`unknown command '${name}'. Commands: ${COMMANDS.map((c) => c.name).join(', ')}, help`);
  }
  return command;
}

/** Runs `keras` with `argv` (the words after the program name); resolves to the exit status. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.command === 'help') {
      const [topic] = args.positional;
      io.out(topic === undefined ? mainHelp() : findCommand(topic).help);
      return 0;
    }
    if (args.command === null) {
      if (args.flags.has('version')) return await versionCommand.run({ ...args, flags: new Set() }, io);
      if (args.flags.has('help')) {
        io.out(mainHelp());
        return 0;
      }
      io.err(mainHelp());
      return 2;
    }
    const command = findCommand(args.command);
    if (args.flags.has('help')) {
      io.out(command.help);
      return 0;
    }
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`keras: ${error.message}`);
      io.err("Run 'keras --help' for usage.");
      return 2;
    }
    io.err(`keras: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
