// Copies the pool's worker scripts (plain .mjs, which tsc does not emit, and the .d.mts typing the shared one) from src/pool to dist/pool,
// where dist/pool/spawn-*.js resolve them with new URL('./worker-*.mjs', import.meta.url).
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(pkgDir, 'src', 'pool');
const to = join(pkgDir, 'dist', 'pool');
mkdirSync(to, { recursive: true });
const workers = readdirSync(from).filter((f) => f.endsWith('.mjs') || f.endsWith('.d.mts'));
for (const f of workers) copyFileSync(join(from, f), join(to, f));
console.log(`copy-workers: copied ${workers.join(', ')} to dist/pool`);
