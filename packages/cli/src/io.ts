/**
 * Where the CLI writes, so that `run` can be called with any streams.
 */

/** Output streams of a command. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

/** Lays out rows as columns padded to their widest cell, two spaces apart. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
}
