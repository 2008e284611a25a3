/**
 * Reading a monitored quantity from the logs, shared by EarlyStopping and ReduceLROnPlateau.
 */
import type { Logs } from './callback.js';

/** 'min': lower is better; 'max': higher is better; 'auto': decided from the name. */
export type MonitorMode = 'auto' | 'min' | 'max';

/** The monitored value, or undefined with Keras' warning listing the available keys. */
export function monitorValue(logs: Logs | undefined, monitor: string, callback: string): number | undefined {
  const value = logs?.[monitor];
  if (value === undefined) {
    console.warn(`${callback} conditioned on metric \`${monitor}\` which is not available. Available metrics are: ${Object.keys(logs ?? {}).join(',')}.`);
  }
  return value;
}

/** Checks a mode option, with a clear error for anything else. */
export function checkMode(mode: string, callback: string): MonitorMode {
  if (mode !== 'auto' && mode !== 'min' && mode !== 'max') throw new RangeError(`${callback}: mode must be 'auto', 'min' or 'max'. Received: mode='${mode}'.`);
  return mode;
}
