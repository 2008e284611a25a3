/**
 * The report: per case, each runner's median, throughput, fraction of the roof and
 * this project's speed ratio to it; peak RSS of training runs; the targets of issue 4
 * (met / missed by how much). As plain text for the terminal and as BENCHMARKS.md.
 */
import { MAX_WAIT_MS } from './settle.mjs';
import { fmtCount, fmtMs, median } from './util.mjs';
import { TRIPS, describePlacement, isFar, placementApplies } from './roundtrip.mjs';

/** The median ms of `runner` on case `id`, or null when it did not run. */
function ms(report, id, runner) {
  const r = report.cases.find((c) => c.id === id)?.results?.[runner];
  return r && (r.status === 'ok' || r.status === 'approx') ? r.ms : null;
}

/** The median time of `a` over that of `b` (each [case id, runner]), or null when either did not run. */
function medianRatio(report, [idA, runnerA], [idB, runnerB]) {
  return div(ms(report, idA, runnerA), ms(report, idB, runnerB));
}

/**
 * Time of `a` over time of `b` (each [case id, runner]): in reports whose rounds time this
 * project's runners and the roof loop back to back (harness.mjs), the median of the per-round
 * ratios, which a slow phase of the shared machine moves little; else (or when either missed
 * a round) the ratio of the medians.
 */
function timeRatio(report, a, b) {
  const rounds = ([id, runner]) => {
    const r = report.cases.find((c) => c.id === id)?.results?.[runner];
    return r?.status === 'ok' ? r.samples ?? [] : [];
  };
  const ra = rounds(a);
  const rb = rounds(b);
  if (report.options?.pairedRounds && ra.length && ra.length === rb.length) return median(ra.map((x, i) => x / rb[i]));
  return medianRatio(report, a, b);
}

/** Beside a {@link timeRatio} of a report whose rounds pair: how it was taken, and the ratio of the medians. */
function pairedNote(report, a, b) {
  if (!report.options?.pairedRounds) return '';
  return ` (median of the per-round ratios; ratio of the medians ${medianRatio(report, a, b)?.toFixed(2) ?? '-'})`;
}

/**
 * The roof (GFLOP/s) that `runner` is measured against, or null (native code): from the
 * run's best rounds, or from `roofs`, one round's figures by meter key.
 */
export function roofFor(report, runnerName, roofs = report.roofs) {
  const r = report.runners.find((x) => x.name === runnerName);
  if (!r || r.native) return null;
  const simd = roofs[`simd${r.threads}`] ?? null;
  // The relaxed builds (one thread or threads), and the roof runner with FMA loops, can do whatever the plain one does: their roof is the better of the two loops.
  if ((r.family === 'keras' || r.family === 'roof') && r.variant?.startsWith('relaxed')) return Math.max(simd ?? 0, roofs[`fma${r.threads}`] ?? 0) || null;
  return simd;
}

/** The median over case `id`'s own roof rounds of `runner`'s roof (what the machine gave while the case ran), or null. */
function caseRoofFor(report, id, runnerName) {
  const rounds = (report.cases.find((c) => c.id === id)?.roofRounds ?? []).map((r) => roofFor(report, runnerName, r)).filter((x) => x !== null);
  return rounds.length ? median(rounds) : null;
}

/** This project's runner with the same thread count as `runnerName` (keras for one thread). */
function ourRunner(report, runnerName) {
  const r = report.runners.find((x) => x.name === runnerName);
  return r?.threads === 2 ? 'keras-2t' : 'keras';
}

/** A FLOP count in MFLOP or GFLOP. */
function fmtFlop(f) {
  return f >= 1e9 ? `${(f / 1e9).toPrecision(3)} GFLOP` : `${(f / 1e6).toPrecision(3)} MFLOP`;
}

/** Rows of one case: [runner, median, throughput, GFLOP/s, % roof, ratio, note]. */
function caseRows(report, c) {
  const rows = [];
  for (const [name, r] of Object.entries(c.results ?? {})) {
    const ok = r.status === 'ok' || r.status === 'approx';
    if (!ok) {
      rows.push([name, '-', '-', '-', '-', '-', `${r.status}: ${r.note}`]);
      continue;
    }
    const gflops = c.flops / (r.ms * 1e6);
    const roof = roofFor(report, name);
    const through = c.items ? `${fmtCount((c.items * 1000) / r.ms)}/s` : '-';
    const ours = ourRunner(report, name);
    const oursMs = ms(report, c.id, ours) ?? ms(report, c.id, 'keras');
    let ratio = '-';
    let note = r.status === 'approx' ? r.note : '';
    if (name === 'keras-ops' && ms(report, c.id, 'keras')) {
      note = `${(ms(report, c.id, 'keras') / r.ms).toFixed(2)}x the keras runner`;
    } else if (name === 'roof' && ms(report, c.id, 'keras')) {
      note = `the keras runner at ${(100 * timeRatio(report, [c.id, name], [c.id, 'keras'])).toFixed(0)}% of this loop's speed`;
    } else if (name.startsWith('keras')) {
      if (name === 'keras-2t' && ms(report, c.id, 'keras')) note = `${timeRatio(report, [c.id, 'keras'], [c.id, name]).toFixed(2)}x one thread`;
    } else if (oursMs) {
      ratio = `${(r.ms / oursMs).toFixed(2)}x`;
    }
    const rss = report.rss?.[c.id]?.[name];
    if (rss) note = [note, rss.error ? `rss: ${rss.error}` : `peak RSS ${rss.maxRssMiB.toFixed(0)} MiB`].filter(Boolean).join('; ');
    rows.push([name, (r.status === 'approx' ? '~' : '') + fmtMs(r.ms), through, gflops.toFixed(gflops < 10 ? 2 : 1), roof ? `${((100 * gflops) / roof).toFixed(0)}%` : '-', ratio, note]);
  }
  return rows;
}

const HEAD = ['runner', 'median / call', 'samples/s', 'GFLOP/s', 'of roof', 'keras speedup', 'note'];

/** A fixed-width table. */
function textTable(rows) {
  const all = [HEAD, ...rows];
  const w = HEAD.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  return all.map((r) => r.map((x, i) => String(x).padEnd(w[i])).join('  ').trimEnd()).join('\n');
}

/** A markdown table. */
function mdTable(rows) {
  return [`| ${HEAD.join(' | ')} |`, `| ${HEAD.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/**
 * A target on a measured value: met when `value >= goal` (or `<= goal` with `atMost`);
 * when missed, says by how much the value must improve.
 */
function ratioTarget(name, value, goal, detail, { atMost = false } = {}) {
  if (value === null || !Number.isFinite(value)) return { name, status: 'not measured', detail };
  const met = atMost ? value <= goal : value >= goal;
  const factor = atMost ? value / goal : goal / value;
  const by = met ? '' : ` (missed: needs ${factor.toFixed(2)}x)`;
  const fmt = (x) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2));
  return { name, status: met ? 'met' : 'missed', detail: `${detail}: ${fmt(value)} vs goal ${atMost ? '<=' : '>='} ${fmt(goal)}${by}` };
}

/**
 * `target` with the placement its two-thread cases ran under added to its detail
 * when the round-trip check found the vCPUs far apart during any of `ids`.
 */
function withPlacement(target, report, ids) {
  const far = ids.map((id) => {
    const trips = report.cases.find((c) => c.id === id)?.roundTrips ?? [];
    const n = trips.filter((ns) => isFar(ns, report.machine.model)).length;
    return n ? `${id} ${n} of ${trips.length}` : null;
  }).filter(Boolean);
  return far.length ? { ...target, detail: `${target.detail}; vCPUs far apart in checks during ${far.join(', ')}` } : target;
}

/** Divides two nullable numbers. */
function div(a, b) {
  return a === null || b === null || a === undefined || b === undefined ? null : a / b;
}

/** The targets of issue 4 evaluated on this report. */
export function evaluateTargets(report) {
  const t = [];
  const roof1 = roofFor(report, 'keras');
  const sizes = [256, 512, 1024, 2048];
  const gf = (s) => div(2 * s ** 3 / 1e6, ms(report, `sgemm-${s}`, 'keras'));
  const pct = (f) => (f === null ? '-' : `${(100 * f).toFixed(0)}%`);
  const bySize = (fs) => sizes.map((s, i) => `${s}: ${pct(fs[i])}`).join(', ');
  const ofBest = sizes.map((s) => div(gf(s), roof1));
  // The product's time against the roof loop's for the same flops, timed back to back in each round (peers/roof.mjs).
  const ran = (s) => report.cases.find((c) => c.id === `sgemm-${s}`)?.results?.roof?.status === 'ok';
  const paired = sizes.every(ran) ? sizes.map((s) => timeRatio(report, [`sgemm-${s}`, 'roof'], [`sgemm-${s}`, 'keras'])) : null;
  const frac = paired ?? ofBest;
  const worst = frac.every((f) => f !== null) ? Math.min(...frac) : null;
  // Shown beside, not judged: the run's best roof (or, in reports without the roof runner, the roof while each case ran).
  const alongside = paired ? ofBest : sizes.map((s) => div(gf(s), caseRoofFor(report, `sgemm-${s}`, 'keras')));
  const beside = !alongside.some((f) => f !== null) ? ''
    : paired ? ` (of the run's best roof, ${roof1.toFixed(1)} GFLOP/s: ${bySize(alongside)})`
      : ` (of the median roof of each case's own rounds: ${bySize(alongside)})`;
  const fraction = ratioTarget('sgemm 256-2048, one thread, fraction of the one-core roof', worst, 0.85,
    `worst of ${bySize(frac)}${paired ? ', each the median over rounds of the roof loop\'s time for the same flops over the product\'s, timed back to back' : ''}`);
  t.push({ ...fraction, detail: fraction.detail + beside });
  const vsTf = sizes.map((s) => div(ms(report, `sgemm-${s}`, 'tfjs-wasm'), ms(report, `sgemm-${s}`, 'keras')));
  t.push(ratioTarget('sgemm 256-2048, one thread, vs tfjs-wasm', vsTf.every((x) => x !== null) ? Math.min(...vsTf) : null, 1.3,
    `worst speedup (${sizes.map((s, i) => `${s}: ${vsTf[i]?.toFixed(2) ?? '-'}x`).join(', ')})`));
  const two = sizes.map((s) => timeRatio(report, [`sgemm-${s}`, 'keras'], [`sgemm-${s}`, 'keras-2t']));
  const twoMedians = sizes.map((s) => medianRatio(report, [`sgemm-${s}`, 'keras'], [`sgemm-${s}`, 'keras-2t']));
  const twoBeside = report.options?.pairedRounds ? `, each the median of the per-round ratios; ratios of the medians: ${sizes.map((s, i) => `${s}: ${twoMedians[i]?.toFixed(2) ?? '-'}x`).join(', ')}` : '';
  t.push(withPlacement(ratioTarget('sgemm 256-2048, two threads vs one', two.every((x) => x !== null) ? Math.min(...two) : null, 1.8,
    `worst (${sizes.map((s, i) => `${s}: ${two[i]?.toFixed(2) ?? '-'}x`).join(', ')}${twoBeside})`), report, sizes.map((s) => `sgemm-${s}`)));
  for (const [id, what] of [['gemm-1024-nt', 'dY W^T'], ['gemm-1024-tn', 'X^T dY']]) {
    t.push(ratioTarget(`${what} within 10% of the plain product (1024)`, timeRatio(report, [id, 'keras'], ['gemm-1024-nn', 'keras']), 1.1,
      `transposed time / plain time${pairedNote(report, [id, 'keras'], ['gemm-1024-nn', 'keras'])}`, { atMost: true }));
  }
  t.push(ratioTarget('conv2d forward, one thread, vs tfjs-wasm', div(ms(report, 'conv2d-fwd', 'tfjs-wasm'), ms(report, 'conv2d-fwd', 'keras')), 1.3, 'speedup'));
  t.push(withPlacement(ratioTarget('conv2d forward, two threads, vs tfjs-wasm (one thread)', div(ms(report, 'conv2d-fwd', 'tfjs-wasm'), ms(report, 'conv2d-fwd', 'keras-2t')), 2.2, 'speedup'), report, ['conv2d-fwd']));
  t.push(withPlacement(ratioTarget('MLP training, two threads vs one', timeRatio(report, ['mlp-train', 'keras'], ['mlp-train', 'keras-2t']), 1.8,
    `speedup${pairedNote(report, ['mlp-train', 'keras'], ['mlp-train', 'keras-2t'])}`), report, ['mlp-train']));
  const cnn2 = ms(report, 'cnn-train', 'keras-2t');
  t.push(withPlacement(ratioTarget('CNN training, two threads, samples/s', cnn2 ? (64 * 1000) / cnn2 : null, 2000,
    `samples/s${cnn2 ? ` (${((100 * (report.cases.find((c) => c.id === 'cnn-train').flops / (cnn2 * 1e6))) / (roofFor(report, 'keras-2t') ?? NaN)).toFixed(0)}% of the two-thread roof)` : ''}`), report, ['cnn-train']));
  t.push(withPlacement(ratioTarget('MLP inference batch 1024, two threads, vs onnxruntime-web (two threads)', div(ms(report, 'mlp-infer-1024', 'ort-web-2t'), ms(report, 'mlp-infer-1024', 'keras-2t')), 1.2, 'speedup'), report, ['mlp-infer-1024']));
  // One-thread network targets, for the keras runner and (when it ran) the same networks as plain ops.
  const rss = (id, r) => report.rss?.[id]?.[r]?.maxRssMiB ?? null;
  for (const ours of ['keras', 'keras-ops']) {
    if (ours === 'keras-ops' && !report.cases.some((c) => c.results?.['keras-ops'])) continue;
    const tag = ours === 'keras' ? '' : ' [plain ops, no @keras/layers]';
    t.push(ratioTarget(`MLP training, one thread, vs jax-js${tag}`, div(ms(report, 'mlp-train', 'jax'), ms(report, 'mlp-train', ours)), 1.4, 'speedup'));
    t.push(ratioTarget(`MLP inference batch 1, latency at most onnxruntime-web's (one thread)${tag}`, div(ms(report, 'mlp-infer-1', ours), ms(report, 'mlp-infer-1', 'ort-web')), 1,
      `our latency / ort-web's (${fmtMs(ms(report, 'mlp-infer-1', ours))} / ${fmtMs(ms(report, 'mlp-infer-1', 'ort-web'))})`, { atMost: true }));
    t.push(ratioTarget(`MLP inference batch 1024, one thread, vs onnxruntime-web${tag}`, div(ms(report, 'mlp-infer-1024', 'ort-web'), ms(report, 'mlp-infer-1024', ours)), 1.2, 'speedup'));
    for (const [id, peer, what] of [['mlp-train', 'tfjs-wasm', 'MLP'], ['cnn-train', 'jax', 'CNN']]) {
      t.push(ratioTarget(`${what} training peak RSS, at most 1.2x ${peer}'s${tag}`, div(rss(id, ours), rss(id, peer)), 1.2,
        `ours ${rss(id, ours)?.toFixed(0) ?? '-'} MiB / ${peer} ${rss(id, peer)?.toFixed(0) ?? '-'} MiB`, { atMost: true }));
    }
  }
  return t;
}

/** The method line's words on the quiet gaps before each repetition (settle.mjs), when the run had them. */
function settleNote(st) {
  if (!st) return '';
  return `; each repetition waits until the threads of the one before are idle (${st.waits} waits, ${(st.totalMs / 1000).toFixed(1)} s in all, longest ${st.maxMs.toFixed(0)} ms${st.capped ? `, ${st.capped} cut off at ${MAX_WAIT_MS} ms` : ''})`;
}

/** The header lines: machine, runtime, runners, roofs. */
function header(report) {
  const m = report.machine;
  const roofs = Object.entries(report.roofs).map(([k, v]) => `${k.replace(/(\d)$/, ' $1t')} ${v.toFixed(1)}`).join(', ');
  return [
    `date: ${report.date} (run took ${report.seconds} s)`,
    `command: ${report.command}`,
    `machine: ${m.model}, ${m.cores} cores, ${m.memGiB} GiB; Node ${m.node} (V8 ${m.v8}); load average ${m.load.map((x) => x.toFixed(1)).join(' -> ')} (other work on this shared machine)`,
    `method: interleaved in one process (the peers each in a worker thread of its own, this project's keras and keras-2t in the main thread), warm-up first, median of ${report.options.reps} timed reps of about ${report.options.repMs} ms each; peak RSS from a child process per training run${report.options.pairedRounds
      ? "; in each round this project's runners and the roof runner (the roof loop doing each sgemm's flops) run back to back, and the ratios between them (two threads vs one, transposed vs plain, the fraction of the roof in the targets) are medians of the per-round ratios" : ''}${settleNote(report.options.settle)}`,
    `roof (GFLOP/s, best in this run; simd = f32x4 mul+add, fma = relaxed madd): ${roofs}`,
    ...(report.cases.some((c) => c.roundTrips?.length) ? [
      `thread round trip: a word passed between two spinning threads after each round of repetitions, the best of three batches of ${TRIPS}; ${placementApplies(m.model)
        ? "about 110 ns while the VM's two vCPUs sit close, 330-430 ns while they sit far apart (another CCD), when two-thread figures fall towards one thread's (see each case)"
        : 'no CCDs on this CPU, so no close / far reading'}`,
    ] : []),
    ...(report.roofsWorstRound ? [`roof in the worst round (a low two-thread figure means the second core was busy with other work for a while): ${
      Object.entries(report.roofsWorstRound).map(([k, v]) => `${k.replace(/(\d)$/, ' $1t')} ${v.toFixed(1)} (${((100 * v) / report.roofs[k]).toFixed(0)}%)`).join(', ')}`] : []),
    ...report.runners.map((r) => `runner ${r.name}: ${r.unavailable ? `unavailable (${r.unavailable})` : r.describe}`),
  ];
}

/** `sep` and the thread round trips checked while case `c` of `report` ran (none in reports without them). */
function placementNote(report, c, sep) {
  const placement = describePlacement(c.roundTrips, report.machine.model);
  return placement ? `${sep}thread round trip between repetitions: ${placement}` : '';
}

/** The report as terminal text. */
export function textReport(report) {
  const out = [...header(report), ''];
  for (const c of report.cases) {
    out.push(`== ${c.title} [${c.id}] (${fmtFlop(c.flops)} per call${placementNote(report, c, '; ')})`, textTable(caseRows(report, c)), '');
  }
  out.push('== targets (issue 4)');
  for (const t of evaluateTargets(report)) out.push(`  [${t.status}] ${t.name}: ${t.detail}`);
  return `${out.join('\n')}\n`;
}

/** The report as the repo's BENCHMARKS.md. */
export function markdownReport(report) {
  const out = [
    '# Benchmarks',
    '',
    'Written by `bench/` (`npx -y pnpm@10.34.9 bench -- --write`); never run in CI. How to measure on these shared',
    'machines and the peers: `../shared/BENCHMARKS.md`. "keras speedup" is the peer\'s time over ours at the same',
    'thread count (above 1: we are faster); "of roof" is GFLOP/s over the roof measured in this run for the same',
    'variant and thread count (none for native onnxruntime-node). ORT times include copying inputs and outputs.',
    'A convolution\'s GFLOP/s counts the direct method\'s flops; the wasm backend runs 3x3 stride-1 convolutions of',
    '16 or more channels by Winograd F(4x4, 3x3), with about a quarter of those multiply-adds, so its "of roof" there',
    'can pass 100%.',
    '',
    'Run: `npx -y pnpm@10.34.9 bench` (all), or e.g. `npx -y pnpm@10.34.9 bench -- --case sgemm,conv --threads 1`;',
    'options are listed at the top of `bench/src/run.mjs`. `keras` is the user API (`@keras/layers` when it loads;',
    '`keras-ops` runs the same networks as plain ops); `keras-2t` is `createNodeWasmBackend(variant, { threads: 2 })` (asynchronous dispatch, the default).',
    'The optional runner `keras-webgpu` (`--runner keras,keras-webgpu`) runs the same cases on the webgpu backend;',
    'on GPU-less machines that is SwiftShader, a CPU Vulkan, whose figures say nothing about GPU speed.',
    'Absolute figures move by 30% or more with other work on these shared machines (see the load average below):',
    'compare ratios within one run.',
    '',
    ...header(report).map((l) => `- ${l}`),
    '',
    '## Targets (issue 4)',
    '',
    '| target | status | measured |',
    '| --- | --- | --- |',
    ...evaluateTargets(report).map((t) => `| ${t.name} | ${t.status} | ${t.detail} |`),
    '',
    '## Results',
    '',
  ];
  for (const c of report.cases) out.push(`### ${c.title}`, '', `\`${c.id}\`, ${fmtFlop(c.flops)} per call${placementNote(report, c, '; ')}.`, '', mdTable(caseRows(report, c)), '');
  return `${out.join('\n')}\n`;
}
