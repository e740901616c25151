// Child process of `npm run bench:probes`: one probe scheduler on the bench database, reporting
// its counters, CPU and memory to the parent every second. SIGKILL is part of the benchmark.
import { openDatabase } from "@/lib/db/client";
import { ProbeScheduler } from "@/lib/probes/scheduler";
import type { ProbeSchedulerStats } from "@/lib/probes/scheduler-stats";

export interface WorkerReport {
  type: "stats";
  owner: string;
  at: number;
  stats: ProbeSchedulerStats;
  cpuMicros: number;
  rssBytes: number;
  maxRssBytes: number;
}

const [url, owner, concurrency] = process.argv.slice(2);

async function main(): Promise<void> {
  if (!url || !owner) throw new Error("usage: worker.ts <database url> <owner> [concurrency]");
  const db = await openDatabase({ mode: "postgres", url }, { purpose: "a bench worker", migrate: false });
  const quiet = { info: () => undefined, error: (msg: string, fields?: Record<string, unknown>) => process.stderr.write(`${owner}: ${msg} ${String(fields?.error)}\n`) };
  const scheduler = new ProbeScheduler({ sql: db.sql, owner, concurrency: Number(concurrency ?? "256"), log: quiet }).start();
  const report = () => {
    const cpu = process.cpuUsage();
    const message: WorkerReport = {
      type: "stats",
      owner,
      at: Date.now(),
      stats: scheduler.snapshot(),
      cpuMicros: cpu.user + cpu.system,
      rssBytes: process.memoryUsage().rss,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
    };
    process.send?.(message);
  };
  const timer = setInterval(report, 1_000);
  process.on("message", async (command: string) => {
    if (command !== "stop") return;
    clearInterval(timer);
    await scheduler.stop();
    report();
    await db.close();
    process.exit(0);
  });
  process.on("disconnect", () => process.exit(0));
  report();
}

main().catch((e: unknown) => {
  process.stderr.write(`bench worker ${owner}: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
