/**
 * `pnpm bench [-- options]`: runs every case on this project and the peers in one
 * process, interleaved, with the machine's roof measured alongside; then peak RSS of
 * each training run in child processes; prints a table and, with --write, rewrites
 * the repo's BENCHMARKS.md.
 *
 * Options: --case a,b (ids, id prefixes or groups: sgemm transpose conv mlp cnn)
 *   --runner a,b   --threads 1,2   --variant auto|simd|relaxed   --api auto|layers|ops
 *   --reps 9   --rep-ms 150   --max-call-ms 3000   --slow   --no-rss   --write   --json FILE
 *   --render FILE (re-render a --json report, with --write into BENCHMARKS.md, without measuring)
 * Each figure is the median of --reps interleaved repetitions (9: a burst of other work on these
 * shared machines, which often lasts a round or two, moves a median of 9 less than one of 5).
 */
import { execFile, execSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { allCases } from './cases/index.mjs';
import { errorLine, localRunner, measureCases, remoteRunner } from './harness.mjs';
import { RUNNERS } from './peers/index.mjs';
import { RoofMeter, relaxedSupported } from './roof.mjs';
import { RoundTripMeter } from './roundtrip.mjs';
import { settleStats } from './settle.mjs';
import { markdownReport, textReport } from './table.mjs';

/** Parses argv into options. */
function parseArgs(argv) {
  const o = { reps: 9, repMs: 150, maxCallMs: 3000, variant: 'auto', api: 'auto', slow: false, rss: true, write: false };
  const list = (v) => v.split(',').map((s) => s.trim()).filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--') continue;
    else if (a === '--case') o.cases = list(next());
    else if (a === '--runner') o.runners = list(next());
    else if (a === '--threads') o.threads = list(next()).map(Number);
    else if (a === '--variant') o.variant = next();
    else if (a === '--api') o.api = next();
    else if (a === '--reps') o.reps = Math.max(5, Number(next()));
    else if (a === '--rep-ms') o.repMs = Number(next());
    else if (a === '--max-call-ms') o.maxCallMs = Number(next());
    else if (a === '--slow') o.slow = true;
    else if (a === '--no-rss') o.rss = false;
    else if (a === '--write') o.write = true;
    else if (a === '--json') o.json = next();
    else if (a === '--render') o.render = next();
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

/** lscpu's model name and this machine's core count, Node and V8 versions. */
function machine() {
  let model = os.cpus()[0]?.model ?? 'unknown';
  try {
    model = /Model name:\s*(.+)/.exec(execSync('lscpu', { encoding: 'utf8' }))?.[1]?.trim() ?? model;
  } catch {}
  return { model, cores: os.cpus().length, node: process.version, v8: process.versions.v8, memGiB: Math.round(os.totalmem() / 2 ** 30) };
}

/** Runs one training case on one runner in a child process; resolves to { maxRssMiB } or { error }. */
function rssChild(caseId, runner, steps, opts) {
  const script = fileURLToPath(new URL('./child.mjs', import.meta.url));
  const args = [...process.execArgv, script, caseId, runner, String(steps), JSON.stringify(opts)];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { timeout: 180_000, maxBuffer: 1 << 20 }, (err, stdout) => {
      const line = stdout?.trim().split('\n').pop();
      try {
        resolve(JSON.parse(line));
      } catch {
        resolve({ error: errorLine(err ?? 'no output') });
      }
    });
  });
}

/** Everything from this heading on in BENCHMARKS.md is written by hand (other runs, other machines) and kept. */
const KEPT_FROM = '\n## Hand-written notes';

/** Writes the report into BENCHMARKS.md, keeping the hand-written sections at its end. */
function writeBenchmarksMd(text) {
  let kept = '';
  try {
    const old = readFileSync(benchmarksMd, 'utf8');
    const at = old.indexOf(KEPT_FROM);
    if (at >= 0) kept = old.slice(at);
  } catch {}
  writeFileSync(benchmarksMd, kept ? `${text.trimEnd()}\n${kept}` : text);
}

const argv = process.argv.slice(2).filter((a, i) => !(i === 0 && a === '--'));
const opts = parseArgs(argv);
const benchmarksMd = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));
if (opts.render) {
  const saved = JSON.parse(readFileSync(opts.render, 'utf8'));
  process.stdout.write(textReport(saved));
  if (opts.write) writeBenchmarksMd(markdownReport(saved));
  process.exit(0);
}
const started = Date.now();
const loadBefore = os.loadavg()[0];
const runnerOpts = { variant: opts.variant, api: opts.api, slow: opts.slow };
const command = `npx -y pnpm@10.34.9 bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;

const cases = allCases(opts).filter((c) => !opts.cases || opts.cases.some((f) => c.id.startsWith(f) || c.group === f));
const runners = RUNNERS.filter((r) => (opts.runners ? opts.runners.includes(r.name) : !r.optional) && (!opts.threads || opts.threads.includes(r.threads)));
const threadCounts = [...new Set(runners.map((r) => r.threads))].sort();
const log = (s) => process.stderr.write(`${s}\n`);

// Runners: create each once; a failure makes it unavailable for every case, with the reason.
const handles = [];
for (const runner of runners) {
  try {
    const handle = runner.remote ? await remoteRunner(runner, runnerOpts) : await localRunner(runner, runnerOpts);
    handles.push({ runner, handle, describe: handle.describe, variant: handle.variant });
    log(`runner ${runner.name}: ${handle.describe}`);
  } catch (e) {
    handles.push({ runner, unavailable: errorLine(e) });
    log(`runner ${runner.name}: unavailable: ${errorLine(e)}`);
  }
}

// Roof meters for each thread count in play: plain SIMD, and relaxed FMA when this engine has it.
const fma = relaxedSupported();
const meters = {};
for (const t of threadCounts) {
  meters[`simd${t}`] = new RoofMeter({ threads: t, fma: false, targetMs: 40 }).start();
  if (fma) meters[`fma${t}`] = new RoofMeter({ threads: t, fma: true, targetMs: 40 }).start();
}
/** One round of every roof meter: its GFLOP/s by meter key. */
const roofRound = async () => {
  const round = {};
  for (const [key, m] of Object.entries(meters)) round[key] = await m.measure();
  return round;
};
// Each case's own rounds: the roof while it ran (the report's roofs are the best rounds of the whole run).
const caseRoofs = {};
// The vCPUs' placement (thread round trip, ns), checked after every round of repetitions when a runner uses threads.
const placement = threadCounts.some((t) => t > 1) ? new RoundTripMeter() : null;
const roundTrips = {};

// Cases run one at a time, except those sharing an `interleave` key, which are timed together.
const batches = [];
for (const c of cases) {
  const last = batches.at(-1);
  if (c.interleave && last?.[0].interleave === c.interleave) last.push(c);
  else batches.push([c]);
}
const results = {};
for (const batch of batches) {
  const rounds = [await roofRound()];
  log(`case ${batch.map((c) => c.id).join(' + ')}`);
  const trips = [];
  const between = async (rep) => {
    if (placement) trips.push(placement.measure());
    if (rep % 2) rounds.push(await roofRound());
  };
  Object.assign(results, await measureCases(batch, handles, { reps: opts.reps, repMs: opts.repMs, maxCallMs: opts.maxCallMs, between }));
  for (const c of batch) {
    roundTrips[c.id] = trips;
    caseRoofs[c.id] = rounds;
  }
  for (const c of batch) {
    for (const [name, r] of Object.entries(results[c.id])) log(`  ${c.id} ${name.padEnd(12)} ${r.status === 'ok' || r.status === 'approx' ? `${r.ms.toFixed(3)} ms` : `${r.status}: ${r.note}`}`);
  }
}
await roofRound();
for (const h of handles) await h.handle?.close();
for (const m of Object.values(meters)) await m.close();
await placement?.close();

// Peak RSS of each training run, one child process per (case, runner).
const rss = {};
if (opts.rss) {
  for (const c of cases.filter((x) => x.training)) {
    rss[c.id] = {};
    for (const h of handles) {
      const r = results[c.id][h.runner.name];
      if (!r || r.status !== 'ok' && r.status !== 'approx') continue;
      const steps = Math.max(2, Math.min(30, Math.round(3000 / r.ms)));
      rss[c.id][h.runner.name] = await rssChild(c.id, h.runner.name, steps, runnerOpts);
      log(`rss ${c.id} ${h.runner.name}: ${JSON.stringify(rss[c.id][h.runner.name])}`);
    }
  }
}

const report = {
  date: new Date().toISOString(),
  command,
  seconds: Math.round((Date.now() - started) / 1000),
  machine: { ...machine(), load: [loadBefore, os.loadavg()[0]] },
  // pairedRounds: this project's runners and the roof loop ran back to back in each round (harness.mjs);
  // settle: the quiet gaps before each repetition (settle.mjs).
  options: { reps: opts.reps, repMs: opts.repMs, variant: opts.variant, api: opts.api, slow: opts.slow, pairedRounds: true, settle: { ...settleStats } },
  runners: handles.map((h) => ({ name: h.runner.name, family: h.runner.family, threads: h.runner.threads, native: !!h.runner.native, describe: h.describe, variant: h.variant, unavailable: h.unavailable })),
  roofs: Object.fromEntries(Object.entries(meters).map(([k, m]) => [k, m.best])),
  roofsWorstRound: Object.fromEntries(Object.entries(meters).map(([k, m]) => [k, m.worstRound])),
  cases: cases.map((c) => ({
    id: c.id, group: c.group, title: c.title, flops: c.flops, items: c.items ?? null, training: !!c.training, results: results[c.id],
    roundTrips: roundTrips[c.id] ?? [], roofRounds: caseRoofs[c.id] ?? [],
  })),
  rss,
};
process.stdout.write(textReport(report));
if (opts.json) writeFileSync(opts.json, JSON.stringify(report, null, 1));
if (opts.write) {
  writeBenchmarksMd(markdownReport(report));
  log(`wrote ${benchmarksMd}`);
}
process.exit(0);
