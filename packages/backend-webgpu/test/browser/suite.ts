/** The conformance suite as run in the browser and as listed in Node: the same registration both places. */
import type { Backend } from '@keras/core';
import { runConformance, type TestApi } from '@keras/core/testing';

/** The suite's name in test titles. */
export const SUITE_NAME = 'webgpu (Chromium)';

/** Registers the conformance suite for a backend factory. */
export function registerSuite(createBackend: () => Promise<Backend>): (api: TestApi) => void {
  return (api) => runConformance(SUITE_NAME, createBackend, api);
}
