import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = (name: string) => fileURLToPath(new URL(`../src/${name}`, import.meta.url));

async function bundle(file: string): Promise<string> {
  const result = await build({
    entryPoints: [entry(file)], bundle: true, write: false, format: 'esm', platform: 'browser', target: 'es2022', logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

describe('browser bundle', () => {
  it('bundles the default entry with @keras/core for the browser, nothing external, no Node built-ins', async () => {
    const text = await bundle('index.ts');
    expect(text).toContain("registerBackend(\"wasm\"");
    expect(text).not.toMatch(/["']node:/);
    expect(text).not.toMatch(/process\.versions/);
    expect(text).not.toMatch(/\beval\(|new Function\(/);
    expect(text).toContain('new URL("../build/kernels.wasm", import.meta.url)');
  });

  it('keeps Node built-ins out of everything but the node entry', async () => {
    await expect(bundle('node.ts')).rejects.toThrow(/node:fs\/promises/);
  });
});
