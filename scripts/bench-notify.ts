// `npm run bench:notify`: notifications under load (issue #12), on PostgreSQL (DATABASE_URL, else
// postgresql://postgres@127.0.0.1:5432/postgres; a bench database is created and dropped).
// 1,000 incidents open in one transaction (1,000 backends failing at once, through the real
// lifecycle, so the outbox rows commit with them); a policy routes them to 10 webhook channels
// whose local receivers answer after 200 ms; `--workers` notifiers (each its own connection pool,
// groupWait 0) deliver the 10,000 messages. The receivers run in a child process
// (scripts/bench-notify/receiver.ts), as they would on other machines. Prints deliveries/s per worker (target >= 200), the
// time to the last delivery, p50/p95 of transition-to-delivery (the commit to the receiver
// reading the request; target p95 < 2 s) and whether any message was lost or sent twice. First,
// as a yardstick, the same number of requests from a bare HTTP client to the same receivers
// (scripts/bench-notify/bare-client.ts): the floor this machine sets, whatever the notifier does.
// Options: --incidents=1000 --channels=10 --delay=200 --workers=1 --concurrency=1000
import { fork } from "node:child_process";
import { bareClient } from "./bench-notify/bare-client";
import { createBenchDatabase } from "./bench-probes/seed";
import { openDatabase, type Database } from "@/lib/db/client";
import { builtInEgressPolicy } from "@/lib/net/egress";
import { createChannel } from "@/lib/notifications/channels-store";
import { createPolicy } from "@/lib/notifications/policies";
import { startNotifier } from "@/lib/notifications/worker";
import { fire, makeRule, owner, transition } from "../tests/integration/notifications/support";

const arg = (name: string, fallback: number) => Number(process.argv.slice(2).find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const INCIDENTS = arg("incidents", 1000);
const CHANNELS = arg("channels", 10);
const DELAY = arg("delay", 200);
const WORKERS = arg("workers", 1);
const CONCURRENCY = arg("concurrency", 1000);
const adminUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const log = (line: string) => process.stderr.write(`${line}\n`);
const now = () => performance.timeOrigin + performance.now();
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

type Received = { id: string; at: number };

/** The receivers run in a child process; `count` and `report` ask it over IPC. */
async function startReceivers(): Promise<{ url: string; count(): Promise<number>; report(): Promise<Received[]>; stop(): void }> {
  const child = fork(new URL("./bench-notify/receiver.ts", import.meta.url).pathname, [String(DELAY)], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const ask = <T>(op: string, key: string) =>
    new Promise<T>((resolve) => {
      const on = (m: Record<string, unknown>) => {
        if (key in m) {
          child.off("message", on);
          resolve(m[key] as T);
        }
      };
      child.on("message", on);
      child.send({ op });
    });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m: { port: number }) => resolve(m.port));
    child.once("exit", (code) => reject(new Error(`the receivers exited (${code}) before listening`)));
  });
  return { url: `http://127.0.0.1:${port}`, count: () => ask<number>("count", "count"), report: () => ask<Received[]>("report", "received"), stop: () => child.kill() };
}

async function main() {
  const receivers = await startReceivers();
  const url = receivers.url;
  const expected = INCIDENTS * CHANNELS;
  log(`yardstick: ${expected} POSTs of 1.5 KB from a bare HTTP client, concurrency ${CONCURRENCY}, no database...`);
  const b0 = now();
  await bareClient(url, expected, CONCURRENCY, CHANNELS, 1500);
  const bare = (await receivers.report()).map((r) => r.at - b0).sort((a, b) => a - b);
  log(`  bare client: last request read after ${(bare.at(-1)! / 1000).toFixed(2)} s, p95 ${(percentile(bare, 0.95) / 1000).toFixed(2)} s`);
  const bench = await createBenchDatabase(adminUrl);
  const extra: Database[] = [];
  try {
    const { db } = bench;
    const channels = [];
    for (let i = 0; i < CHANNELS; i++) channels.push(await createChannel(db.prisma, owner, { name: `bench ${i}`, kind: "webhook", config: { url: `${url}/c${i}` } }, builtInEgressPolicy));
    await createPolicy(db.prisma, owner, { name: "everything", channels: channels.map((c) => c.id) });
    const rule = await makeRule(db, "bench 5xx", { severity: "critical" });
    const at = Date.now();
    log(`opening ${INCIDENTS} incidents in one transaction...`);
    const t0 = now();
    await fire(db, rule, Array.from({ length: INCIDENTS }, (_, i) => transition(`bench-${i}`, "firing", at)));
    const committed = now();
    log(`  committed in ${(committed - t0).toFixed(0)} ms; ${CHANNELS} channels, receivers answer in ${DELAY} ms, ${WORKERS} worker(s), concurrency ${CONCURRENCY}`);

    const config = { groupWaitMs: 0, repeatIntervalMs: 0, concurrency: CONCURRENCY, baseUrl: "http://localhost:3000" };
    const notifiers = [];
    for (let w = 0; w < WORKERS; w++) {
      const d = w === 0 ? db : await openDatabase({ mode: "postgres", url: bench.url }, { purpose: "bench worker", migrate: false });
      if (w > 0) extra.push(d);
      notifiers.push(startNotifier({ sql: d.sql, egress: builtInEgressPolicy, config, tickMs: 50 }));
    }
    const deadline = Date.now() + 10 * 60_000;
    while ((await receivers.count()) < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1500)); // anything sent twice would arrive now
    await Promise.all(notifiers.map((n) => n.stop()));
    const received = await receivers.report();

    const lags = received.map((r) => r.at - committed).sort((a, b) => a - b);
    const first = Math.min(...received.map((r) => r.at));
    const last = Math.max(...received.map((r) => r.at));
    const unique = new Set(received.map((r) => r.id)).size;
    const [{ sent }] = await db.sql.query<{ sent: string }>(`SELECT count(*) AS sent FROM notification_deliveries WHERE status = 'sent'`);
    const rate = received.length / ((last - first + DELAY) / 1000);
    log(`deliveries: ${received.length} received, ${unique} distinct webhook-ids, ${sent} recorded as sent (expected ${expected})`);
    log(`deliveries/s per worker: ${(rate / WORKERS).toFixed(0)} (target >= 200) ${rate / WORKERS >= 200 ? "OK" : "UNDER"}`);
    log(`time from the commit to the last delivery: ${((last - committed) / 1000).toFixed(2)} s`);
    const p95 = percentile(lags, 0.95);
    log(`transition-to-delivery: first ${(lags[0]! / 1000).toFixed(2)} s, p50 ${(percentile(lags, 0.5) / 1000).toFixed(2)} s, p95 ${(p95 / 1000).toFixed(2)} s (target < 2 s) ${p95 < 2000 ? "OK" : "OVER"}`);
    log(`  p95 against the bare client's p95 on this machine: ${(p95 / percentile(bare, 0.95)).toFixed(2)}x`);
    log(`lost: ${expected - unique}, sent twice: ${received.length - unique} ${expected === unique && received.length === unique ? "OK" : "FAILED"}`);
  } finally {
    for (const d of extra) await d.close().catch(() => undefined);
    await bench.drop();
    receivers.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:notify: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
