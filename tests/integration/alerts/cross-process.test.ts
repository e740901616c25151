// PostgreSQL, two processes: this one ingests with no evaluator of its own (a web server with
// ORIGINWATCH_WORKER=off), a separate `npm run worker` process evaluates. The batch's touch
// reaches the worker through pg_notify / LISTEN well before its 10 s tick would.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { freshDatabase, usingPostgres, type TestDatabase } from "../../helpers/db";
import { createRule } from "@/lib/alerts/rules";
import { limitsFromRetention } from "@/lib/alerts/schemas";
import { ingestBatch } from "@/lib/ingest/intake";
import { lines, nginxSource, owner, transitions } from "./support";

const root = join(import.meta.dirname, "../../..");
let t: TestDatabase;
let worker: ChildProcess | undefined;
let output = "";

before(async () => {
  if (!usingPostgres()) return;
  t = await freshDatabase("alerts_xproc");
});
after(async () => {
  if (worker && worker.exitCode === null) {
    worker.kill("SIGTERM");
    await new Promise((r) => worker!.once("exit", r));
  }
  await t?.cleanup().catch(() => undefined);
});

async function startWorker(url: string): Promise<void> {
  worker = spawn(process.execPath, ["--import", "tsx", join(root, "lib/worker/main.ts")], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  worker.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  worker.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 60_000;
  while (!output.includes("worker started")) {
    if (worker.exitCode !== null || Date.now() > deadline) throw new Error(`the worker did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // Its LISTEN is set up right after; give it a moment (the test fails below if it never is).
  const listening = Date.now() + 2000;
  while (!output.includes("listens for batches other processes commit") && Date.now() < listening) await new Promise((r) => setTimeout(r, 50));
}

test("a batch committed by one process fires a rule in a separate worker within ~1 s (no waiting for the tick)", { skip: !usingPostgres() && "PostgreSQL only" }, async (ctx) => {
  if (t.config.mode !== "postgres") return;
  const db = t.db;
  const src = await nginxSource(db);
  const rule = await createRule(db.prisma, owner, {
    name: "cross-process",
    kind: "error_rate",
    scope: { backend: "xproc" },
    config: { status: "5xx", above: 5, window: "5m", minRequests: 20 },
    for: "0s",
    keepFiringFor: "0s",
    severity: "critical",
  }, limitsFromRetention({ minuteDays: 30 }));
  await startWorker(t.config.url);
  // The worker's first tick comes 10 s after its start: a firing within 1.5 s is the notification's doing.
  const started = Date.now();
  const answer = await ingestBatch(db, src, lines(started - 2000, 503, 40, "xproc"));
  assert.equal(answer.rejected, 0);
  let fired: number | undefined;
  while (Date.now() - started < 5000) {
    if ((await transitions(db, rule.id)).some((x) => x.to === "firing")) {
      fired = Date.now() - started;
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  ctx.diagnostic(`firing transition persisted ${fired ?? "never"} ms after the batch committed`);
  assert.ok(fired !== undefined && fired < 1500, `firing ${fired ?? "never"} ms after the commit (worker log:\n${output.slice(-2000)})`);
});
