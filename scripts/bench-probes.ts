// `npm run bench:probes`: the probe scheduler against PostgreSQL with cheap local HTTP origins.
//   1. Steady state, one scheduler process: for each probe count, probes/s, schedule lag p50/p99
//      (actual start - scheduled slot), CPU and peak RSS of the scheduler over the measuring window.
//   2. Two scheduler processes on the same probes: double runs counted from what the origins saw
//      (must be 0); then one is SIGKILLed and the probes it held must run again within
//      interval + lease.
// Options: --counts=1000,10000 --interval=10 (s) --steady=40 (s) --dual=60 (s) --dual-probes=10000
//          --concurrency=256 (--counts=0 or --dual=0 skips a part). DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres)
//          names the server; a fresh bench database is created there and dropped at the end.
import { fork, type ChildProcess } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { countDoubleRuns, fmtMs, hitsByProbe, steadyFigures, table, takeoverFigures, type LeasedAtKill } from "./bench-probes/analysis";
import { createBenchDatabase, seedProbes, type BenchDatabase } from "./bench-probes/seed";
import type { TargetsCommand, TargetsMessage } from "./bench-probes/targets";
import type { WorkerReport } from "./bench-probes/worker";

const LEASE_SLACK_MS = 5_000; // ProbeScheduler's default
const PROBE_TIMEOUT_MS = 2_000; // Varnish's default, as seeded
const TARGET_PORTS = 8;

function option(name: string, fallback: string): string {
  const arg = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  return arg ? arg.slice(name.length + 3) : fallback;
}
const counts = option("counts", "1000,10000").split(",").map(Number).filter((n) => n > 0);
const intervalMs = Number(option("interval", "10")) * 1000;
const steadyMs = Number(option("steady", "40")) * 1000;
const dualMs = Number(option("dual", "60")) * 1000;
const dualProbes = Number(option("dual-probes", "10000"));
const concurrency = option("concurrency", "256");
const adminUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const here = join(import.meta.dirname, "bench-probes");
const children = new Set<ChildProcess>();

function spawnChild(script: string, args: string[]): ChildProcess {
  const child = fork(join(here, script), args, { execArgv: ["--import", "tsx"], env: { ...process.env, LOG_LEVEL: "warn" }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

async function startTargets() {
  const child = spawnChild("targets.ts", [String(TARGET_PORTS)]);
  const command = (c: TargetsCommand) => child.send(c);
  const ports = await new Promise<number[]>((resolve) => child.on("message", (m: TargetsMessage) => m.type === "ready" && resolve(m.ports)));
  return {
    ports,
    record: (on: boolean) => command({ type: "record", on }),
    dump: () =>
      new Promise<{ index: number[]; at: number[] }>((resolve) => {
        child.on("message", (m: TargetsMessage) => m.type === "hits" && resolve(m));
        command({ type: "dump" });
      }),
    stop: () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), command({ type: "stop" })))),
  };
}

function startWorker(url: string, owner: string) {
  const child = spawnChild("worker.ts", [url, owner, concurrency]);
  let latest: WorkerReport | undefined;
  const first = new Promise<void>((resolve) =>
    child.on("message", (m: WorkerReport) => {
      latest = m;
      resolve();
    }),
  );
  return {
    first,
    latest: () => {
      if (!latest) throw new Error(`no report from ${owner}`);
      return latest;
    },
    stop: () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.send("stop")))),
    kill: () => child.kill("SIGKILL"),
  };
}

async function steadyState(bench: BenchDatabase, ports: number[]): Promise<string[][]> {
  const rows: string[][] = [];
  for (const n of counts) {
    await seedProbes(bench.db, n, ports, intervalMs);
    const worker = startWorker(bench.url, `bench-${n}`);
    await worker.first;
    process.stderr.write(`steady state: ${n} probes, warming up for one interval, then measuring ${steadyMs / 1000} s\n`);
    await sleep(intervalMs + 3_000);
    const from = worker.latest();
    await sleep(steadyMs);
    const f = steadyFigures(from, worker.latest());
    const load = loadavg()[0]!.toFixed(2);
    await worker.stop();
    rows.push([String(n), f.probesPerSecond.toFixed(1), fmtMs(f.lagP50Ms), fmtMs(f.lagP99Ms), `${f.cpuPercent.toFixed(1)} %`, `${f.peakRssMb.toFixed(0)} MB`, String(f.dropped), String(f.flushFailures), load]);
  }
  return rows;
}

async function twoSchedulers(bench: BenchDatabase, targets: Awaited<ReturnType<typeof startTargets>>): Promise<string[][]> {
  await seedProbes(bench.db, dualProbes, targets.ports, intervalMs);
  targets.record(true);
  const startedAt = Date.now();
  const a = startWorker(bench.url, "bench-A");
  const b = startWorker(bench.url, "bench-B");
  await Promise.all([a.first, b.first]);
  process.stderr.write(`two schedulers: ${dualProbes} probes for ${dualMs / 1000} s, SIGKILL of one at ${dualMs / 2000} s\n`);
  await sleep(dualMs / 2);
  const aBefore = a.latest();
  a.kill();
  const killAt = Date.now();
  const leased = await bench.db.sql.query<LeasedAtKill>(
    `SELECT substr(id, 9)::int AS index, (extract(epoch FROM next_run_at) * 1000)::float8 - interval_ms AS "slotMs"
     FROM probes WHERE lease_owner = 'bench-A'`,
  );
  await sleep(dualMs / 2);
  const endAt = Date.now();
  targets.record(false);
  const bReport = b.latest();
  await b.stop();
  const dump = await targets.dump();
  const hits = hitsByProbe(dump.index, dump.at);
  const take = takeoverFigures(hits, leased, killAt, endAt);
  const bound = intervalMs + PROBE_TIMEOUT_MS + LEASE_SLACK_MS;
  const load = loadavg()[0]!.toFixed(2);
  return [
    [
      `${((endAt - startedAt) / 1000).toFixed(1)} s`,
      String(dump.index.length),
      `${aBefore.stats.recorded} / ${bReport.stats.recorded}`,
      String(countDoubleRuns(hits, intervalMs)),
      String(take.leased),
      String(take.neverRanAgain),
      fmtMs(take.maxAfterKillMs),
      fmtMs(take.maxSinceSlotMs),
      fmtMs(take.maxGapAnyProbeMs),
      fmtMs(bound),
      load,
    ],
  ];
}

async function main(): Promise<void> {
  const bench = await createBenchDatabase(adminUrl);
  const targets = await startTargets();
  const cleanUp = async () => {
    for (const child of children) child.kill("SIGKILL");
    await bench.drop();
  };
  process.once("SIGINT", () => void cleanUp().then(() => process.exit(130)));
  try {
    const [{ version }] = await bench.db.sql.query<{ version: string }>(`SELECT split_part(version(), ' ', 2) AS version`);
    const steady = await steadyState(bench, targets.ports);
    const dual = dualMs > 0 ? await twoSchedulers(bench, targets) : [];
    await targets.stop();
    const cpu = cpus();
    console.log(`\nProbe scheduler benchmark: PostgreSQL ${version}, ${cpu.length} CPUs (${cpu[0]?.model.trim() ?? "?"}), Node ${process.version}`);
    console.log(`http probes on ${TARGET_PORTS} local origins, interval ${intervalMs / 1000} s, timeout ${PROBE_TIMEOUT_MS / 1000} s, lease = timeout + ${LEASE_SLACK_MS / 1000} s, concurrency ${concurrency}\n`);
    console.log(`One scheduler process, ${steadyMs / 1000} s of steady state after one interval of warm-up:`);
    console.log(table(["probes", "probes/s", "lag p50", "lag p99", "CPU (one core = 100 %)", "peak RSS", "dropped", "write failures", "machine load (1 min)"], steady));
    if (dual.length > 0) {
      console.log(`\nTwo scheduler processes on ${dualProbes} probes; scheduler A SIGKILLed halfway (double run: one probe's requests < interval/4 apart, as the origins saw them):`);
      console.log(
        table(["ran for", "runs seen by origins", "recorded A / B", "double runs", "probes A held at kill", "never ran again", "max wait after kill", "max since their slot", "max gap, any probe", "bound: interval + lease", "machine load (1 min)"], dual),
      );
    }
  } finally {
    await cleanUp();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:probes: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  for (const child of children) child.kill("SIGKILL");
  process.exit(1);
});
