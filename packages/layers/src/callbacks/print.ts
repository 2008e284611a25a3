/**
 * Where progress and callback messages go: the terminal's stdout in Node (raw text, so a
 * progress bar can redraw its line with '\r'), the console elsewhere.
 */

/** Writes raw text: no newline is added, and '\r' returns to the start of the line. */
export type Print = (text: string) => void;

interface StdoutLike {
  isTTY?: boolean;
  write?: (text: string) => unknown;
}

/** The host's stdout when there is one (Node, Deno, Bun), found without importing a Node module. */
function stdout(): StdoutLike | undefined {
  return (globalThis as { process?: { stdout?: StdoutLike } }).process?.stdout;
}

/**
 * Whether output goes to an interactive terminal, where a line can be redrawn in place
 * (Keras' `_dynamic_display`). False in browsers, CI logs and test runners.
 */
export function isInteractive(): boolean {
  return stdout()?.isTTY === true;
}

/** Text written to the console but not yet ended by a newline. */
let pendingLine = '';

/** Writes to stdout when available; otherwise sends each finished line to `console.log` (redraws keep the last state). */
export const defaultPrint: Print = (text) => {
  const out = stdout();
  if (out?.write) {
    out.write(text);
    return;
  }
  const lines = (pendingLine + text).split('\n');
  pendingLine = lines.pop()!;
  for (const line of lines) console.log(line.slice(line.lastIndexOf('\r') + 1));
};

/** Prints one line (Keras' `io_utils.print_msg`). */
export function printLine(text: string, print: Print = defaultPrint): void {
  print(`${text}\n`);
}
