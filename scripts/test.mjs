#!/usr/bin/env node
// Runs every package's tests through turbo and prints one plain closing line:
//   tests: N passed, N failed[, N skipped]
// Extra CLI args are forwarded to `turbo run test --continue=dependencies-successful` (e.g. `pnpm test --filter=@keras/core`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--'));
const turbo = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'turbo.cmd' : 'turbo');

/** Workspace packages: packages/* and bench (as in pnpm-workspace.yaml). */
function workspacePackages() {
  const dirs = [];
  const pkgsDir = join(root, 'packages');
  if (existsSync(pkgsDir)) {
    for (const d of readdirSync(pkgsDir, { withFileTypes: true })) {
      if (d.isDirectory()) dirs.push(join(pkgsDir, d.name));
    }
  }
  dirs.push(join(root, 'bench'));
  const out = [];
  for (const dir of dirs) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    try {
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      out.push({ dir, name: pkg.name ?? dir, hasTest: Boolean(pkg.scripts?.test) });
    } catch {
      out.push({ dir, name: dir, hasTest: false });
    }
  }
  return out;
}

const packages = workspacePackages();

// 1. Remove stale results so only this run (or turbo's cache replay) is counted.
for (const p of packages) rmSync(join(p.dir, '.vitest'), { recursive: true, force: true });

const filtered = args.some((a) => /^(--filter|-F|--affected)/.test(a));

// For a filtered run, ask turbo (dry run) which packages' test tasks are in scope.
let inScope = null;
if (!filtered) {
  inScope = new Set(packages.filter((p) => p.hasTest).map((p) => p.name));
} else {
  const dry = spawnSync(turbo, ['run', 'test', '--dry=json', ...args], {
    cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  try {
    const plan = JSON.parse(dry.stdout);
    inScope = new Set(
      (plan.tasks ?? [])
        .filter((t) => t.task === 'test' && t.command && t.command !== '<NONEXISTENT>')
        .map((t) => t.package),
    );
  } catch {
    inScope = null; // unknown scope: only count what was produced
  }
}

// 2. Run the tests. Tests of a package whose build failed are skipped (no results -> counted as a failure)
//    instead of running against a stale or missing dist/.
const run = spawnSync(turbo, ['run', 'test', '--continue=dependencies-successful', ...args], { cwd: root, stdio: 'inherit' });
if (run.error) console.error(`scripts/test.mjs: could not run turbo: ${run.error.message}`);
const turboFailed = run.status !== 0;

// 3. Sum vitest's json results.
let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];
for (const p of packages) {
  const file = join(p.dir, '.vitest', 'results.json');
  if (!existsSync(file)) {
    if (p.hasTest && inScope?.has(p.name)) {
      failed += 1;
      problems.push(`${p.name}: no test results (${file} missing)`);
    }
    continue;
  }
  let r;
  try {
    r = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    failed += 1;
    problems.push(`${p.name}: unreadable results.json (${e.message})`);
    continue;
  }
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A test file that failed to load/collect has status "failed" but no failed assertions.
  for (const suite of r.testResults ?? []) {
    const assertions = suite.assertionResults ?? [];
    if (suite.status === 'failed' && !assertions.some((a) => a.status === 'failed')) {
      failed += 1;
      problems.push(`${p.name}: ${suite.name ?? 'a test file'} failed to run${suite.message ? `: ${String(suite.message).split('\n')[0]}` : ''}`);
    }
  }
}

for (const msg of problems) console.error(`scripts/test.mjs: ${msg}`);
const total = passed + failed + skipped;
if (total === 0) console.error('scripts/test.mjs: no tests were run');
if (turboFailed && failed === 0) console.error(`scripts/test.mjs: turbo exited with status ${run.status}`);

console.log(`tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(turboFailed || failed > 0 || total === 0 ? 1 : 0);
