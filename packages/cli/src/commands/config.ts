/**
 * `keras config`: the resolved settings and where each came from (default,
 * keras.json, KERAS_BACKEND), with the Keras home folder and keras.json path.
 */
import { config } from 'keras/node';
import { expectOnly } from '../args.js';
import { table } from '../io.js';
import type { Command } from './command.js';

const FILE_STATUS = {
  read: 'read',
  created: 'created with the defaults',
  'not-writable': 'missing, and the folder is not writable: defaults used',
} as const;

/** `keras config`. */
export const configCommand: Command = {
  name: 'config',
  summary: 'Show the resolved settings and where each came from',
  help: `Usage: keras config [--json]

Shows Keras' settings (backend, floatx, epsilon, image_data_format) as resolved
here, and where each came from: the default, keras.json, or the KERAS_BACKEND
environment variable (which overrides keras.json and is never written to it).
keras.json lives in $KERAS_HOME, else ~/.keras (a temp folder when the home
folder is not writable); a missing one is created with the defaults.

Options:
  --json      Print the settings as JSON
  -h, --help  Show this help`,
  async run(args, io) {
    expectOnly(args, ['json'], 'config');
    const report = config.describe();
    const settings = [
      ['backend', report.backend],
      ['floatx', report.floatx],
      ['epsilon', report.epsilon],
      ['image_data_format', report.imageDataFormat],
    ] as const;
    if (args.flags.has('json')) {
      const json = {
        home: report.home,
        file: report.file,
        fileStatus: report.fileStatus,
        settings: Object.fromEntries(settings.map(([key, s]) => [key, { value: s.value, from: config.describeSource(s.source) }])),
        notes: report.notes,
      };
      io.out(JSON.stringify(json, null, 2));
      return 0;
    }
    if (report.home !== null) {
      const status = report.fileStatus ? ` (${FILE_STATUS[report.fileStatus]})` : '';
      for (const line of table([
        ['Keras home', report.home],
        ['keras.json', `${report.file ?? ''}${status}`],
      ])) {
        io.out(line);
      }
      io.out('');
    }
    const rows = settings.map(([key, s]) => [key, String(s.value), config.describeSource(s.source)]);
    for (const line of table([['setting', 'value', 'from'], ...rows])) io.out(line);
    for (const note of report.notes) io.out(`\nnote: ${note}`);
    return 0;
  },
};
