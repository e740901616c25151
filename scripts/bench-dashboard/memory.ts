// The server's memory as a new user meets it: a fresh embedded installation (scripts/start.mjs,
// as `npm start` runs it) idle after its migrations, then after loading the demo day through the
// API. RSS of the whole process tree (the supervisor and `next start`), after a quiet spell each
// time so that what is measured is what the server keeps, not a passing peak.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { treeRssMb } from "../../tests/helpers/process-rss";
import { startBenchServer } from "./server";

export interface MemoryFigures {
  idleMb: number;
  demoMb: number;
  demoSeconds: number;
  settleSeconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function measureMemory(distDir: string, settleMs = 20_000): Promise<MemoryFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), "ow-bench-memory-"));
  const server = await startBenchServer({ mode: "embedded", dataDir }, distDir);
  try {
    await sleep(settleMs);
    const idleMb = treeRssMb(server.pid);
    const t0 = performance.now();
    const res = await fetch(`${server.baseUrl}/api/v1/demo`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
      body: "{}",
    });
    if (!res.ok) throw new Error(`loading the demo answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    const demoSeconds = (performance.now() - t0) / 1000;
    await sleep(settleMs);
    return { idleMb, demoMb: treeRssMb(server.pid), demoSeconds, settleSeconds: settleMs / 1000 };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const memoryReport = (m: MemoryFigures) =>
  `server RSS (embedded, process tree, ${m.settleSeconds} s after each step): idle after migrations ${m.idleMb.toFixed(0)} MB; after loading the demo (${m.demoSeconds.toFixed(1)} s) ${m.demoMb.toFixed(0)} MB`;
