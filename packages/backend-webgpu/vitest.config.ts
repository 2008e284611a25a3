import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Dawn (the `webgpu` package) finds its Vulkan driver through the Vulkan loader, which reads the
// process's C environment: set it here, before vitest starts workers, never inside a test file.
// On GPU-less Debian machines SwiftShader comes with the chromium-common package.
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest/results.json' },
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
