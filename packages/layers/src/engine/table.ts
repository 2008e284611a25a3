/**
 * A plain-text table drawn the way rich draws Keras' summary: the heavy-head box,
 * one space of padding, lines between rows, words wrapped inside cells.
 */

/** How a column's text is aligned. */
export type Alignment = 'left' | 'right';

/** Python's round(): halves go to the even neighbour (rich relies on it when shrinking columns). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Column widths (padding included) as Keras asks rich for them: fixed widths from
 * `positions`, then shrunk evenly to fit `lineLength` with its borders (rich's `ratio_reduce`).
 */
export function columnWidths(positions: readonly number[], lineLength: number): number[] {
  let current = 0;
  const widths = positions.map((p) => {
    const width = Math.floor(p * lineLength) - current;
    if (width < 4) throw new RangeError('Insufficient console width to print summary: pass a larger lineLength.');
    current += width;
    return width + 2;
  });
  let excess = widths.reduce((a, b) => a + b, 0) - (lineLength - widths.length - 1);
  let remaining = widths.length;
  return widths.map((w) => {
    if (excess <= 0) return w;
    const cut = Math.min(w, roundHalfEven(excess / remaining));
    excess -= cut;
    remaining -= 1;
    return w - cut;
  });
}

/** Greedy word wrap to `width`; a word longer than the width is cut with an ellipsis (rich's default overflow). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((w) => w.length > 0)) {
    const fitted = word.length > width ? `${word.slice(0, Math.max(0, width - 1))}…` : word;
    if (line === '') line = fitted;
    else if (line.length + 1 + fitted.length <= width) line += ` ${fitted}`;
    else {
      lines.push(line);
      line = fitted;
    }
  }
  lines.push(line);
  return lines;
}

/** One table row (possibly several text lines) between `left`, `middle` and `right` borders. */
function renderRow(cells: readonly string[], widths: readonly number[], alignment: readonly Alignment[], border: readonly [string, string, string]): string[] {
  const wrapped = cells.map((text, i) => wrapText(text, widths[i]! - 2));
  const height = Math.max(...wrapped.map((l) => l.length));
  const out: string[] = [];
  for (let r = 0; r < height; r++) {
    const parts = wrapped.map((lines, i) => {
      const text = lines[r] ?? '';
      const inner = widths[i]! - 2;
      return ` ${alignment[i] === 'right' ? text.padStart(inner) : text.padEnd(inner)} `;
    });
    out.push(border[0] + parts.join(border[1]) + border[2]);
  }
  return out;
}

/** A horizontal rule: `left`, `fill` per column, `joint` between columns, `right`. */
function rule(widths: readonly number[], left: string, fill: string, joint: string, right: string): string {
  return left + widths.map((w) => fill.repeat(w)).join(joint) + right;
}

/** The table's lines: header in the heavy box, rows separated by light rules. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], alignment: readonly Alignment[], positions: readonly number[], lineLength: number): string[] {
  const widths = columnWidths(positions, lineLength);
  const lines = [rule(widths, '┏', '━', '┳', '┓'), ...renderRow(header, widths, alignment, ['┃', '┃', '┃'])];
  if (rows.length === 0) return [...lines, rule(widths, '└', '─', '┴', '┘')];
  lines.push(rule(widths, '┡', '━', '╇', '┩'));
  rows.forEach((row, i) => {
    if (i > 0) lines.push(rule(widths, '├', '─', '┼', '┤'));
    lines.push(...renderRow(row, widths, alignment, ['│', '│', '│']));
  });
  lines.push(rule(widths, '└', '─', '┴', '┘'));
  return lines;
}
