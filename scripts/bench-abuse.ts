// `npm run bench:abuse`: what hostile clients cost the production server (issue #9).
// 1. Peak RSS of the server's process tree (sampled every 50 ms) while three of each worst-case
//    body arrive at once: 200 MiB chunked sign-in forms, 31 KB gzips of 31 MiB of newlines, full
//    ingest batches at INGEST_MAX_BODY_BYTES / INGEST_MAX_LINES_PER_BATCH, 60 MiB JSON bodies and
//    250 MiB setup posts after setup; and its idle RSS before.
// 2. Sign-ins/s and p50/p95 latency of 5 legitimate users signing in again and again, alone and
//    while 200 parallel attackers try wrong passwords on one other account; and the ratio.
// PostgreSQL: DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres (a bench database
// is created and dropped). Stops by itself within about three minutes once the app is built.
import { startServer, type RunningServer } from "../tests/helpers/server";
import { sampleRss, treeRssMb } from "../tests/helpers/process-rss";
import { MiB, fullBatch, newlineBomb, postStream } from "../tests/helpers/bodies";
import { percentile, runSignIns, type Account, type LoadResult } from "./bench-abuse/signin-load";

process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
const LOAD_MS = Number(process.env.BENCH_ABUSE_LOAD_MS ?? 20_000);
const ATTACKERS = 200;
const LEGIT = 5;
const MAX_BODY = 32 * MiB;
const MAX_LINES = MAX_BODY / 64;

function section(title: string) {
  console.log(`\n== ${title}`);
}

async function api(s: RunningServer, path: string, body: unknown): Promise<Response> {
  const r = await fetch(`${s.baseUrl}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${s.token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${await r.text()}`);
  return r;
}

type Outcome = { kind: string; status: number | string; ms: number };

async function worstCaseBodies(s: RunningServer, sourceToken: string): Promise<Outcome[]> {
  const url = (p: string) => `${s.baseUrl}${p}`;
  const timed = async (kind: string, send: () => Promise<Response | { status: number }>): Promise<Outcome> => {
    const t0 = Date.now();
    try {
      const r = await send();
      if (r instanceof Response) await r.arrayBuffer();
      return { kind, status: r.status, ms: Date.now() - t0 };
    } catch (e) {
      return { kind, status: `failed: ${String((e as Error).cause ?? e)}`, ms: Date.now() - t0 };
    }
  };
  const ingest = (body: Uint8Array<ArrayBuffer>) => () =>
    fetch(url("/api/v1/ingest"), {
      method: "POST",
      headers: { authorization: `Bearer ${sourceToken}`, "content-type": "text/plain", "content-encoding": "gzip" },
      body,
    });
  const bomb = newlineBomb();
  const full = fullBatch(MAX_LINES);
  const form = { "content-type": "application/x-www-form-urlencoded" };
  const json = { authorization: `Bearer ${s.token}`, "content-type": "application/json" };
  const three = <T>(f: () => T): T[] => [f(), f(), f()];
  return Promise.all([
    ...three(() => timed("sign-in form, 200 MiB chunked", () => postStream(url("/api/auth/callback/credentials"), 200 * MiB, form))),
    ...three(() => timed(`ingest, gzip of 31 MiB "\\n" (${Math.round(bomb.byteLength / 1024)} KB)`, ingest(bomb))),
    ...three(() => timed(`ingest, full batch: ${MAX_LINES} lines, 32 MiB`, ingest(full))),
    ...three(() => timed("JSON event, 60 MiB chunked", () => postStream(url("/api/v1/events"), 60 * MiB, json))),
    ...three(() => timed("setup after setup, 250 MiB chunked", () => postStream(url("/api/v1/setup"), 250 * MiB, { "content-type": "application/json" }))),
  ]);
}

function describe(label: string, r: LoadResult): string {
  const ms = (p: number) => (r.latenciesMs.length > 0 ? `${percentile(r.latenciesMs, p).toFixed(0)} ms` : "-").padStart(8);
  return `${label.padEnd(34)} ${(r.ok / r.seconds).toFixed(1).padStart(7)} sign-ins/s  p50 ${ms(50)}  p95 ${ms(95)}  (${r.ok} signed in, ${r.failed} refused or cut off at the end, in ${r.seconds.toFixed(1)} s)`;
}

async function main() {
  const watchdog = setTimeout(() => {
    console.error("bench:abuse: still running after 6 minutes; giving up");
    process.exit(1);
  }, 6 * 60_000);
  // The per-second line rate is raised so that the full batches really get parsed: the worst case.
  const s = await startServer({
    env: { LOG_LEVEL: "error", ORIGINWATCH_WORKER: "off", TRUSTED_PROXIES: "127.0.0.1/32", INGEST_MAX_LINES_PER_SECOND: "100000000" },
  });
  try {
    const source = (await (await api(s, "/api/v1/sources", { name: "abuse", kind: "nginx" })).json()) as { token: string };
    const password = "bench-password-1234";
    const legit: Account[] = [];
    for (let i = 0; i < LEGIT; i++) {
      const email = `user${i}@example.com`;
      await api(s, "/api/v1/users", { email, password, role: "viewer" });
      legit.push({ email, password, ip: `198.51.100.${10 + i}` });
    }
    await api(s, "/api/v1/users", { email: "victim@example.com", password, role: "viewer" });
    const attackers: Account[] = Array.from({ length: ATTACKERS }, (_, i) => ({
      email: "victim@example.com",
      password: `wrong-${i}`,
      ip: `203.0.113.${i % 250}`,
    }));

    section("server RSS under worst-case bodies (three of each kind at once)");
    await new Promise((r) => setTimeout(r, 2_000));
    const idle = treeRssMb(s.pid);
    const rss = sampleRss(s.pid, 50);
    const outcomes = await worstCaseBodies(s, source.token);
    const peak = rss.stop();
    for (const o of outcomes) console.log(`${o.kind.padEnd(44)} -> ${String(o.status).padEnd(4)} in ${o.ms} ms`);
    const health = await fetch(`${s.baseUrl}/api/health`).then((r) => r.status, (e: Error) => `failed: ${e.message}`);
    console.log(`idle RSS before: ${idle.toFixed(0)} MB; peak RSS during: ${peak.toFixed(0)} MB; /api/health after: ${health}`);

    section(`sign-in throughput of ${LEGIT} legitimate users (${LOAD_MS / 1000} s each)`);
    const alone = await runSignIns(s.baseUrl, legit, LOAD_MS);
    console.log(describe("alone", alone));
    const [attacked, attack] = await Promise.all([runSignIns(s.baseUrl, legit, LOAD_MS), runSignIns(s.baseUrl, attackers, LOAD_MS)]);
    console.log(describe(`with ${ATTACKERS} attackers on one account`, attacked));
    console.log(describe("the attackers (wrong passwords)", attack));
    const ratio = attacked.ok / attacked.seconds / (alone.ok / alone.seconds);
    console.log(`legitimate sign-ins/s under attack / alone: ${ratio.toFixed(2)}`);
  } finally {
    await s.stop();
    clearTimeout(watchdog);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
