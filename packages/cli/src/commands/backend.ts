/**
 * `keras backend`: the active backend's name, or with `--list` every known backend,
 * whether it is installed, whether it works here, and what it reports about itself.
 */
import { backend, config } from 'keras/node';
import { expectOnly } from '../args.js';
import { table } from '../io.js';
import type { Command } from './command.js';

/** 'relaxedSimd' -> 'relaxed simd'; booleans as yes/no. */
function describeInfo(info: Record<string, string | number | boolean>): string {
  return Object.entries(info)
    .map(([key, value]) => {
      const label = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
      return `${label}: ${typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value)}`;
    })
    .join(', ');
}

/** The details column of one backend. */
function details(status: backend.BackendStatus): string {
  if (status.works) return status.info ? describeInfo(status.info) : '';
  if (!status.installed) return `not installed: ${status.installCommand ?? `npm install ${status.package}`}`;
  return status.error ?? '';
}

/** `keras backend`. */
export const backendCommand: Command = {
  name: 'backend',
  summary: "Print the active backend's name; --list shows every known backend",
  help: `Usage: keras backend [--list] [--json]

Prints the name of the backend Keras uses: KERAS_BACKEND if set, else the
"backend" field of keras.json (in $KERAS_HOME, else ~/.keras), else wasm.

Options:
  -l, --list  List every known backend (wasm, webgpu, node-gpu): whether its
              package is installed, whether it starts here, and its details
              (wasm: variant, SIMD, relaxed SIMD, threads; webgpu: the adapter;
              node-gpu: the GPU), or the command that installs it
  --json      Print as JSON
  -h, --help  Show this help`,
  async run(args, io) {
    expectOnly(args, ['list', 'json'], 'backend');
    if (!args.flags.has('list')) {
      if (args.flags.has('json')) io.out(JSON.stringify({ backend: config.backend() }));
      else io.out(config.backend());
      return 0;
    }
    const configured = config.describe().backend;
    const statuses = await backend.probeBackends();
    if (args.flags.has('json')) {
      io.out(JSON.stringify({ configured: configured.value, backends: statuses }, null, 2));
      return 0;
    }
    const rows = statuses.map((s) => [
      s.name === configured.value ? `${s.name} *` : s.name,
      s.package,
      s.installed ? 'yes' : 'no',
      s.works ? 'yes' : 'no',
      details(s),
    ]);
    for (const line of table([['backend', 'package', 'installed', 'works here', 'details'], ...rows])) io.out(line);
    io.out('');
    io.out(`* the configured backend (${config.describeSource(configured.source)})`);
    return 0;
  },
};
