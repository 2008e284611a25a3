/**
 * The page side of the Chromium test: bundled by esbuild, it runs the conformance
 * suite on `navigator.gpu` and exposes `runConformanceInPage()` for Playwright.
 */
import { createWebGPUBackend } from '../../src/index.js';
import { collect, runAll, type TestResult } from './mini-runner.js';
import { registerSuite } from './suite.js';

declare global {
  interface Window {
    runConformanceInPage: () => Promise<{ adapter: string; results: TestResult[] }>;
  }
}

window.runConformanceInPage = async () => {
  const adapter = await navigator.gpu.requestAdapter();
  const info = adapter ? `${adapter.info.vendor} ${adapter.info.architecture}`.trim() || 'unnamed adapter' : 'none';
  const results = await runAll(collect(registerSuite(() => createWebGPUBackend())));
  return { adapter: info, results };
};
