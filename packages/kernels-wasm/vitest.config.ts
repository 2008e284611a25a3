import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/results.json' },
    testTimeout: 60000,
    hookTimeout: 120000,
    passWithNoTests: true,
    // Node 20 validates relaxed-SIMD wasm only with this V8 flag; it is refused in NODE_OPTIONS.
    execArgv: ['--experimental-wasm-relaxed-simd'],
  },
});
