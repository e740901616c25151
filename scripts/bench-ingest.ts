// `npm run bench:ingest [-- LINES]`: the ingest benchmark.
// 1. parse + attribute + aggregate, lines/s per core, per format (scripts/bench-parse.ts);
// 2. end to end: gzip HTTP POSTs to the real server on PostgreSQL, through to stored rollups,
//    lines/s per format, checked against the stored totals; peak RSS of the server;
// 3. GoAccess (if installed) on the same nginx combined file, and the ratio.
// PostgreSQL: DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres (a bench database
// is created and dropped). Figures go to stdout; compare ratios within one run on a shared box.
import { spawnSync, execFileSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { startServer } from "../tests/helpers/server";
import { HOUR, SHAPES, generate, setStart } from "./bench/log-lines";

const LINES = Number(process.argv[2] ?? 1_000_000);
const BATCH = 20_000;
const CONCURRENCY = 4;
process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const root = join(import.meta.dirname, "..");

/**
 * Between formats the client idles for seconds while it generates lines; the server closes idle
 * keep-alive connections after 5 s, and a request racing that close fails with "other side
 * closed". Those control requests are retried once; the timed ingest requests never idle.
 */
async function retryClosed<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!String((e as Error).cause ?? "").includes("other side closed")) throw e;
    return fn();
  }
}

function section(title: string) {
  console.log(`\n== ${title}`);
}

/** Resident set of the process serving on `port`, in MB: its peak (VmHWM) or now (VmRSS). */
function serverRssMb(port: number, field: "VmHWM" | "VmRSS" = "VmHWM"): number | null {
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      // Next renames its server process ("next-server (vX)"); find it by its PORT variable.
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      if (!cmd.includes("next") || !environ.includes(`PORT=${port}`) || cmd.includes("start.mjs")) continue;
      const hwm = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (hwm) return Number(hwm[1]) / 1024;
    } catch {
      // process gone
    }
  }
  return null;
}

async function main() {
  section(`parse + attribute + aggregate (one core, ${fmt(LINES)} lines per format)`);
  const parse = spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts/bench-parse.ts"), String(LINES)], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
    env: { ...process.env, BENCH_AGGREGATE_ONLY: "1" },
  });
  process.stdout.write(parse.stdout);
  const perCore: Record<string, number> = {};
  for (const m of parse.stdout.matchAll(/^(.+?): parse\+attribute\+aggregate\s+([\d,]+) lines\/s per core/gm)) perCore[m[1]!] = Number(m[2]!.replace(/,/g, ""));

  section("end to end: gzip HTTP POST -> parse -> rollups in PostgreSQL");
  // BENCH_SERVER_NODE_OPTIONS: V8 flags for the server only (e.g. to compare heap settings).
  const serverNodeOptions = process.env.BENCH_SERVER_NODE_OPTIONS;
  const server = await startServer({
    env: { LOG_LEVEL: "error", INGEST_MAX_LINES_PER_SECOND: "100000000", ORIGINWATCH_WORKER: "off", ...(serverNodeOptions ? { NODE_OPTIONS: serverNodeOptions } : {}) },
  });
  const port = Number(new URL(server.baseUrl).port);
  const idleRss = serverRssMb(port, "VmRSS");
  const e2e: Record<string, number> = {};
  const dir = mkdtempSync(join(tmpdir(), "ow-bench-"));
  try {
    const api = (path: string, body: unknown) =>
      retryClosed(() => fetch(`${server.baseUrl}${path}`, { method: "POST", headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" }, body: JSON.stringify(body) }));
    const start = Date.now() - 2 * HOUR;
    setStart(start - (start % 60_000));
    for (const shape of SHAPES) {
      const lines = generate(shape, LINES);
      if (shape.label === "nginx (combined)") writeFileSync(join(dir, "access.log"), lines.join("\n") + "\n");
      const bodies: Uint8Array<ArrayBuffer>[] = [];
      for (let i = 0; i < lines.length; i += BATCH) bodies.push(new Uint8Array(gzipSync(lines.slice(i, i + BATCH).join("\n"))));
      const compressedMb = bodies.reduce((n, b) => n + b.byteLength, 0) / 1e6;
      // Created after the (slow) generation: an idle keep-alive connection may be closed by the
      // server meanwhile, and the next request would fail on it.
      const res = await api("/api/v1/sources", { name: shape.label, kind: shape.kind, format: shape.format });
      if (res.status !== 201) throw new Error(`creating source ${shape.label}: ${res.status} ${await res.text()}`);
      const created = (await res.json()) as { token: string };
      let next = 0;
      let accepted = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < bodies.length) {
            const body = bodies[next++]!;
            const r = await fetch(`${server.baseUrl}/api/v1/ingest`, {
              method: "POST",
              headers: { authorization: `Bearer ${created.token}`, "content-type": "text/plain", "content-encoding": "gzip" },
              body,
            });
            if (r.status !== 202) throw new Error(`${shape.label}: ingest answered ${r.status}: ${await r.text()}`);
            accepted += ((await r.json()) as { accepted: number }).accepted;
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      const summary = (await (
        await retryClosed(() => fetch(`${server.baseUrl}/api/v1/summary?from=${start - HOUR}&to=${Date.now()}&source=${encodeURIComponent(shape.label)}`, {
          headers: { authorization: `Bearer ${server.token}` },
        }))
      ).json()) as { total: number };
      e2e[shape.label] = lines.length / seconds;
      console.log(
        `${shape.label.padEnd(28)} ${fmt(lines.length / seconds).padStart(9)} lines/s  (${seconds.toFixed(1)} s, ${bodies.length} gzip batches, ${compressedMb.toFixed(1)} MB; accepted ${fmt(accepted)}, stored total ${fmt(summary.total)})`,
      );
      if (summary.total !== lines.length) console.log(`  !! stored total ${summary.total} differs from ${lines.length} lines sent`);
    }
    const rss = serverRssMb(port);
    const mb = (v: number | null) => (v === null ? "unknown" : `${v.toFixed(0)} MB`);
    console.log(`server peak RSS: ${mb(rss)} (idle after start: ${mb(idleRss)}${serverNodeOptions ? `; NODE_OPTIONS=${serverNodeOptions}` : ""})`);

    section("GoAccess on the same nginx combined file");
    const log = join(dir, "access.log");
    let goaccess: number | null = null;
    try {
      execFileSync("goaccess", ["--version"], { stdio: "ignore" });
      const t0 = performance.now();
      execFileSync("goaccess", [log, "--log-format=COMBINED", "--no-progress", "-o", join(dir, "report.json")], { stdio: "ignore" });
      goaccess = LINES / ((performance.now() - t0) / 1000);
    } catch {
      console.log("goaccess not installed (Debian: apt-get install goaccess); skipped");
    }
    if (goaccess !== null) {
      const ours = e2e["nginx (combined)"] ?? 0;
      const core = perCore["nginx (combined)"] ?? 0;
      console.log(`goaccess:                     ${fmt(goaccess).padStart(9)} lines/s`);
      console.log(`origin watch end to end:      ${fmt(ours).padStart(9)} lines/s  (${(ours / goaccess).toFixed(1)}x goaccess)`);
      console.log(`origin watch parse, one core: ${fmt(core).padStart(9)} lines/s  (${(core / goaccess).toFixed(1)}x goaccess)`);
    }
  } catch (e) {
    console.error(`server log (tail):\n${server.logs().slice(-3000)}`);
    throw e;
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench:ingest failed: ${(e as Error).message}${(e as Error).cause ? ` (${String((e as Error).cause)})` : ""}`);
  process.exit(1);
});
