/**
 * The conformance suite in headless Chromium on its own WebGPU (SwiftShader on
 * GPU-less machines): esbuild bundles browser/entry.ts, Playwright serves it on
 * http://localhost (WebGPU needs a secure context) and runs it there; each case
 * becomes one test here. Needs Debian's `chromium` (never `npx playwright install`).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, type TestResult } from './browser/mini-runner.js';
import { registerSuite } from './browser/suite.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--enable-unsafe-webgpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic', '--disable-dev-shm-usage'];

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Skipping the Chromium WebGPU tests: no browser at ${CHROMIUM} (apt-get install chromium).`);

describe.skipIf(!hasChromium)('headless Chromium', () => {
  let context: BrowserContext | undefined;
  let profile = '';
  const results = new Map<string, TestResult>();
  let adapter = '';

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [fileURLToPath(new URL('./browser/entry.ts', import.meta.url))],
      bundle: true, format: 'iife', platform: 'browser', target: 'es2022', write: false,
    });
    profile = mkdtempSync(join(tmpdir(), 'chromium-webgpu-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.route('http://localhost/', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>conformance</title>' }));
    await page.goto('http://localhost/');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    const run = await page.evaluate(() => window.runConformanceInPage());
    adapter = run.adapter;
    for (const r of run.results) results.set(r.name, r);
  }, 900_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('found a WebGPU adapter in the page', () => {
    expect(adapter).not.toBe('none');
  });

  // The same registration as in the page, collected without running, gives one test per case.
  for (const t of collect(registerSuite(() => Promise.reject(new Error('not run in Node'))))) {
    it(t.name, () => {
      const r = results.get(t.name);
      expect(r, 'the page reported no result').toBeDefined();
      expect(r!.error).toBe(null);
    });
  }
});
