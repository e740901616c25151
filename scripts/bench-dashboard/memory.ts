// The server's memory as a new user meets it: a fresh embedded installation (scripts/start.mjs,
// as `npm start` runs it) idle after its migrations, then after loading the demo day through the
// API. RSS of the whole process tree (the supervisor and `next start`), after a quiet spell each
// time so that what is measured is what the server keeps, not a passing peak.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { treeRssMb } from "../../tests/helpers/process-rss";
import { startBenchServer } from "./server";

/** The server process's own account of its memory (/metrics), in MB. */
export interface MemoryBreakdown {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  databaseMb: number | null;
}

export interface MemoryFigures {
  idleMb: number;
  demoMb: number;
  idle: MemoryBreakdown;
  demo: MemoryBreakdown;
  demoSeconds: number;
  settleSeconds: number;
}

async function breakdown(baseUrl: string, token: string): Promise<MemoryBreakdown> {
  const res = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
  const text = await res.text();
  const mb = (name: string) => {
    const m = new RegExp(`^${name} (\\S+)$`, "m").exec(text);
    return m ? Number(m[1]) / 1048576 : null;
  };
  return { rssMb: mb("process_resident_memory_bytes") ?? 0, heapUsedMb: mb("nodejs_heap_size_used_bytes") ?? 0, heapTotalMb: mb("nodejs_heap_size_total_bytes") ?? 0, externalMb: mb("nodejs_external_memory_bytes") ?? 0, databaseMb: mb("originwatch_embedded_database_memory_bytes") };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function measureMemory(distDir: string, settleMs = 20_000): Promise<MemoryFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), "ow-bench-memory-"));
  const server = await startBenchServer({ mode: "embedded", dataDir }, distDir);
  try {
    await sleep(settleMs);
    const idleMb = treeRssMb(server.pid);
    const idle = await breakdown(server.baseUrl, server.token);
    const t0 = performance.now();
    const res = await fetch(`${server.baseUrl}/api/v1/demo`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
      body: "{}",
    });
    if (!res.ok) throw new Error(`loading the demo answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    const demoSeconds = (performance.now() - t0) / 1000;
    await sleep(settleMs);
    const demoMb = treeRssMb(server.pid);
    return { idleMb, demoMb, idle, demo: await breakdown(server.baseUrl, server.token), demoSeconds, settleSeconds: settleMs / 1000 };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const parts = (b: MemoryBreakdown) =>
  `server process ${b.rssMb.toFixed(0)} MB = JS heap ${b.heapUsedMb.toFixed(0)} used of ${b.heapTotalMb.toFixed(0)}, external ${b.externalMb.toFixed(0)}` +
  `${b.databaseMb === null ? "" : ` (of which the embedded database's WebAssembly memory ${b.databaseMb.toFixed(0)})`}, the rest code and native`;

export const memoryReport = (m: MemoryFigures) =>
  `server RSS (embedded, process tree, ${m.settleSeconds} s after each step): idle after migrations ${m.idleMb.toFixed(0)} MB; after loading the demo (${m.demoSeconds.toFixed(1)} s) ${m.demoMb.toFixed(0)} MB\n` +
  `  idle: ${parts(m.idle)}\n  after the demo: ${parts(m.demo)}`;
