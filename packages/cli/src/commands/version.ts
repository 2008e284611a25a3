/**
 * `keras version` (and `keras --version`): the version of the keras package.
 */
import { version } from 'keras/node';
import { expectOnly } from '../args.js';
import type { Command } from './command.js';

/** `keras version`. */
export const versionCommand: Command = {
  name: 'version',
  summary: 'Print the version of keras (same as --version)',
  help: `Usage: keras version

Prints the version of the keras package, as \`keras <version>\`.`,
  async run(args, io) {
    expectOnly(args, [], 'version');
    io.out(`keras ${version}`);
    return 0;
  },
};
