// Micro benchmark of the ingestion hot path: parse + attribute + aggregate, single-threaded.
// For each format it generates realistic lines (mostly 2xx, ~3 % 5xx of varied causes, several
// backends, one hour of timestamps) and prints lines per second of CPU time (per core).
//
//   node --import tsx scripts/bench-parse.ts [linesPerFormat=1000000] [format label prefix ...]
//   BENCH_AGGREGATE_ONLY=1 ...   times (or, with --cpu-prof, profiles) only the full path, and
//                                for JSON formats JSON.parse alone (BENCH_NO_FLOOR=1 leaves it out)
// The JSON.parse floor: on a busy machine, read the full path as a multiple of it.

import { LogAggregator } from "@/lib/ingest/aggregate";
import { compileFormat } from "@/lib/ingest/formats/registry";
import type { ParsedRequest } from "@/lib/ingest/types";
import { SHAPES, generate } from "./bench/log-lines";

const COUNT = Number(process.argv[2] ?? 1_000_000);
const ONLY = process.argv.slice(3);
const AGGREGATE_ONLY = process.env.BENCH_AGGREGATE_ONLY === "1";
const ROUNDS = 3;
/** Some parse results are kept alive so the JIT cannot optimise the parse away. */
const kept: ParsedRequest[] = [];

/**
 * Rate per core: lines / CPU seconds of this process (user + system, all its threads, so GC
 * helpers count too). Wall-clock is printed as well; it only matches on an idle machine.
 */
function measure(label: string, lines: string[], run: (lines: string[]) => void): number {
  run(lines.slice(0, Math.min(lines.length, 200_000))); // warm-up: let the JIT settle
  // Best of a few runs: on a shared machine the slow runs measure the neighbours, not the code.
  let cpuSeconds = Infinity;
  let wallSeconds = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const wallStart = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    run(lines);
    const cpu = process.cpuUsage(cpuStart);
    cpuSeconds = Math.min(cpuSeconds, (cpu.user + cpu.system) / 1e6);
    wallSeconds = Math.min(wallSeconds, Number(process.hrtime.bigint() - wallStart) / 1e9);
  }
  const rate = lines.length / cpuSeconds;
  const format = (n: number): string => Math.round(n).toLocaleString("en-US").padStart(10);
  console.log(`${label.padEnd(50)} ${format(rate)} lines/s per core (${((cpuSeconds * 1e9) / lines.length).toFixed(0).padStart(4)} ns/line CPU)  wall ${format(lines.length / wallSeconds)} lines/s`);
  return rate;
}

/**
 * A fixed integer loop, printed with the figures so runs on different machines (or on a busy
 * shared one) can be put side by side.
 */
function calibrate(): number {
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const started = process.cpuUsage();
    let x = 0;
    for (let i = 0; i < 100_000_000; i++) x = (x + i * 7) | 0;
    const used = process.cpuUsage(started);
    if (x === 42) console.log("");
    best = Math.min(best, (used.user + used.system) / 1e5);
  }
  return best;
}

console.log(`node ${process.version}, ${COUNT.toLocaleString("en-US")} lines per format, single thread, best of ${ROUNDS} runs`);
console.log(`reference loop: ${calibrate().toFixed(2)} ns/step`);
for (const shape of SHAPES) {
  if (ONLY.length > 0 && !ONLY.some((name) => shape.label.startsWith(name))) continue;
  const lines = generate(shape, COUNT);
  const parser = compileFormat(shape.kind, shape.format);
  if (!AGGREGATE_ONLY) measure(`${shape.label}: parse only`, lines, (batch) => {
    let failed = 0;
    for (let i = 0; i < batch.length; i++) {
      const outcome = parser.parse(batch[i]);
      if (outcome.ok && outcome.kind === "request") kept[i & 1023] = outcome.request;
      else failed++;
    }
    if (failed > 0) throw new Error(`${shape.label}: ${failed} lines failed to parse`);
  });
  // JSON formats: JSON.parse alone, the floor every JSON line pays, so the rest can be read as a ratio.
  if (process.env.BENCH_NO_FLOOR !== "1" && lines[0]?.charCodeAt(0) === 123) measure(`${shape.label}: JSON.parse alone (floor)`, lines, (batch) => {
    for (let i = 0; i < batch.length; i++) if (JSON.parse(batch[i]) === null) throw new Error("null line");
  });
  measure(`${shape.label}: parse+attribute+aggregate`, lines, (batch) => {
    const aggregator = new LogAggregator({ kind: shape.kind, format: shape.format, sourceId: "bench" });
    for (let i = 0; i < batch.length; i++) aggregator.addLine(batch[i], i + 1);
    const result = aggregator.result();
    if (result.rejected > 0) throw new Error(`${shape.label}: ${result.rejected} lines rejected: ${result.errors[0]?.reason}`);
  });
}
