import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const example = fileURLToPath(new URL('../../../examples/first-neural-network.mjs', import.meta.url));

describe("the README's first command: examples/first-neural-network.mjs", () => {
  it('trains with the progress bar, then reaches at least 0.95 held-out accuracy and shows predictions', async () => {
    const home = mkdtempSync(join(tmpdir(), 'keras-home-'));
    const { KERAS_BACKEND: _ignored, ...env } = process.env;
    const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number }>((resolve) => {
      execFile(process.execPath, [example], { env: { ...env, KERAS_HOME: home }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
        resolve({ stdout, stderr, code: error ? Number(error.code ?? 1) : 0 }),
      );
    });
    rmSync(home, { recursive: true, force: true });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/on the wasm backend/);
    expect(stdout).toContain('Epoch 30/30');
    const accuracy = Number(/Held-out accuracy: ([\d.]+)/.exec(stdout)?.[1]);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    expect(stdout).toMatch(/p\(benign\)  predicted  truth\n(  +[01]\.\d{3}  (malignant|benign   )  (malignant|benign)\n){8}/);
  }, 300_000);
});
