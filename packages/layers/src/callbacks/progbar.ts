/**
 * Progbar: Keras 3's progress bar (`keras.utils.Progbar`), written through a `Print` function.
 */
import { defaultPrint, isInteractive, type Print } from './print.js';

/** Options of {@link Progbar}. */
export interface ProgbarOptions {
  /** Bar width in characters. Default 20. */
  width?: number;
  /** 0 (silent), 1 (a bar redrawn in place) or 2 (one line when finalized). Default 1. */
  verbose?: 0 | 1 | 2;
  /** Minimum seconds between redraws. Default 0.05. */
  interval?: number;
  /** Names of values shown as given; all others are averaged over the steps. Default none. */
  statefulMetrics?: readonly string[];
  /** The unit in the time per unit ('step'). Default 'step'. */
  unitName?: string;
  /** Where the text goes. Default: stdout in Node, the console elsewhere. */
  print?: Print;
  /** Redraw one line in place with '\r' and ANSI styling (a terminal). Default: whether stdout is a TTY. */
  dynamicDisplay?: boolean;
}

const BOLD = '\x1b[1m';
const GREEN = '\x1b[32m';
const GREY = '\x1b[37m';
const RESET = '\x1b[0m';

/** Python's `{x:.4e}`: mantissa with 4 decimals, exponent with a sign and at least two digits. */
function formatExponential(x: number): string {
  const [mantissa, exponent] = x.toExponential(4).split('e') as [string, string];
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
}

/** A value as Keras shows it: 4 decimals, or scientific notation when `useDecimals` is false. */
function formatValue(x: number, useDecimals: boolean): string {
  return useDecimals ? x.toFixed(4) : formatExponential(x);
}

/** ' 3ms/step', ' 2s/step', ' 80us/step' (Keras' `_format_time`). */
function formatTime(timePerUnit: number, unitName: string): string {
  if (timePerUnit >= 1 || timePerUnit === 0) return ` ${timePerUnit.toFixed(0)}s/${unitName}`;
  if (timePerUnit >= 1e-3) return ` ${(timePerUnit * 1e3).toFixed(0)}ms/${unitName}`;
  return ` ${(timePerUnit * 1e6).toFixed(0)}us/${unitName}`;
}

/** The remaining time as Keras shows it: '5s', '1:05', '1:01:05'. */
function formatEta(eta: number): string {
  const two = (n: number): string => String(Math.floor(n)).padStart(2, '0');
  if (eta > 3600) return `${Math.floor(eta / 3600)}:${two((eta % 3600) / 60)}:${two(eta % 60)}`;
  if (eta > 60) return `${Math.floor(eta / 60)}:${two(eta % 60)}`;
  return `${Math.floor(eta)}s`;
}

function nowSeconds(): number {
  return performance.now() / 1000;
}

/**
 * Keras 3's progress bar: `12/50 ━━━━━━━━━━━━━━━━━━━━ 1s 21ms/step - accuracy: 0.9123 - loss: 0.2345`
 * redrawn in place (verbose 1), or one line `50/50 - 1s - 21ms/step - ...` when finalized (verbose 2).
 */
export class Progbar {
  /** Total steps, or null when unknown. */
  target: number | null;
  private readonly width: number;
  private readonly verbose: 0 | 1 | 2;
  private readonly interval: number;
  private readonly statefulMetrics: ReadonlySet<string>;
  private readonly unitName: string;
  private readonly print: Print;
  private readonly dynamicDisplay: boolean;
  private readonly values = new Map<string, [number, number]>();
  private seenSoFar = 0;
  private readonly start = nowSeconds();
  private lastUpdate = 0;
  private timeAfterFirstStep: number | null = null;
  private prevTotalWidth = 0;

  constructor(target: number | null, options: ProgbarOptions = {}) {
    this.target = target;
    this.width = options.width ?? 20;
    this.verbose = options.verbose ?? 1;
    this.interval = options.interval ?? 0.05;
    this.statefulMetrics = new Set(options.statefulMetrics ?? []);
    this.unitName = options.unitName ?? 'step';
    this.print = options.print ?? defaultPrint;
    this.dynamicDisplay = options.dynamicDisplay ?? isInteractive();
  }

  /**
   * Shows progress at step `current` with `values` for the last step. Values not listed
   * as stateful are averaged over the steps seen. `finalize` defaults to reaching the target.
   */
  update(current: number, values: readonly (readonly [string, number])[] = [], finalize: boolean = this.target !== null && current >= this.target): void {
    for (const [k, v] of values) {
      if (!this.statefulMetrics.has(k) && !finalize) {
        const base = Math.max(current - this.seenSoFar, 1);
        const [sum, count] = this.values.get(k) ?? [0, 0];
        this.values.set(k, [sum + v * base, count + base]);
      } else {
        this.values.set(k, [v, 1]);
      }
    }
    this.seenSoFar = current;
    const now = nowSeconds();
    const timePerUnit = this.estimateStepDuration(current, now);
    if (this.verbose === 1) {
      if (now - this.lastUpdate < this.interval && !finalize) return;
      this.print(this.barMessage(current, now, timePerUnit, finalize));
    } else if (this.verbose === 2 && finalize && this.target !== null && this.target > 0) {
      let info = `${this.count(current, this.target)} - ${(now - this.start).toFixed(0)}s -${formatTime(timePerUnit, this.unitName)}`;
      // Keras tests `avg > 1e-3` (not the absolute value) on this line.
      for (const [k, avg] of this.averages()) info += ` - ${k}: ${formatValue(avg, avg > 1e-3)}`;
      this.print(`${info}\n`);
    }
    this.lastUpdate = now;
  }

  /** Advances by `n` steps. */
  add(n: number, values: readonly (readonly [string, number])[] = []): void {
    this.update(this.seenSoFar + n, values);
  }

  private count(current: number, target: number): string {
    return `${String(current).padStart(String(target).length)}/${target}`;
  }

  private *averages(): Generator<[string, number]> {
    for (const [k, [sum, count]] of this.values) yield [k, sum / Math.max(1, count)];
  }

  private style(text: string, code: string): string {
    return this.dynamicDisplay ? `${code}${text}${RESET}` : text;
  }

  /** The verbose-1 line: count, bar, time and values, padded to cover the previous line. */
  private barMessage(current: number, now: number, timePerUnit: number, finalize: boolean): string {
    let bar: string;
    let plainWidth: number;
    if (this.target !== null && this.target > 0) {
      const count = this.count(current, this.target);
      const done = Math.floor(this.width * (current / this.target));
      const doneBar = '━'.repeat(done);
      const todoBar = '━'.repeat(this.width - done);
      bar = `${this.style(count, BOLD)} ${done > 0 ? this.style(doneBar, GREEN) : ''}${this.style(todoBar, GREY)}`;
      plainWidth = count.length + 1 + this.width;
    } else {
      bar = `${String(current).padStart(7)}/Unknown`;
      plainWidth = bar.length;
    }
    const time = this.target !== null && this.target > 0 && !finalize ? formatEta(timePerUnit * (this.target - current)) : `${(now - this.start).toFixed(0)}s`;
    let info = ` ${this.style(time, BOLD)}`;
    let plainInfo = ` ${time}`;
    let tail = formatTime(timePerUnit, this.unitName);
    for (const [k, avg] of this.averages()) tail += ` - ${k}: ${formatValue(avg, Math.abs(avg) > 1e-3)}`;
    info += tail;
    plainInfo += tail;
    const totalWidth = plainWidth + plainInfo.length;
    const pad = this.prevTotalWidth > totalWidth ? ' '.repeat(this.prevTotalWidth - totalWidth) : '';
    this.prevTotalWidth = totalWidth;
    return `${this.dynamicDisplay ? '\r' : '\n'}${bar}${info}${pad}${finalize ? '\n' : ''}`;
  }

  /** Seconds per step, ignoring the (unrepresentative) first step once there are more (Keras' estimate). */
  private estimateStepDuration(current: number, now: number): number {
    if (!current) return 0;
    const perUnit = this.timeAfterFirstStep !== null && current > 1 ? (now - this.timeAfterFirstStep) / (current - 1) : (now - this.start) / current;
    if (current === 1) this.timeAfterFirstStep = now;
    return perUnit;
  }
}
