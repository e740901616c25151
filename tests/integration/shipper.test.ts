// `originwatch ingest` against a fake ingest endpoint started here (node:http on 127.0.0.1:0):
// it gunzips and records every body, dedupes by Idempotency-Key like the real server
// (lib/ingest/intake.ts), and answers 503, 429, 413, 401 or nothing at all on demand. The real
// endpoint is exercised by tests/integration/api. Most cases run the command in this process
// (runCli with fake streams and a fake interrupt); one spawns the real CLI to send it SIGTERM.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { gunzipSync } from "node:zlib";
import type { Interrupts } from "@/lib/cli/command";
import { runCli } from "@/lib/cli/run";

const BIN = resolve(import.meta.dirname, "../../bin/originwatch.mjs");
const TOKEN = "ow_src_test_token_0123456789abcdef";
const slow = { timeout: 60_000 };

// ---- the fake endpoint

interface Received {
  key: string;
  auth: string;
  encoding: string;
  gzipMagic: boolean;
  lines: string[];
  at: number;
  status: number;
}

type Reply = { status: number; retryAfter?: string; message?: string } | { lost: true } | { hang: true };

class FakeIngest {
  server!: Server;
  url = "";
  received: Received[] = [];
  /** Lines the fake "counted": each applied (non-duplicate) batch once. */
  applied: string[] = [];
  /** One-shot answers, used in order before the normal 202. */
  script: Reply[] = [];
  /** 413 for a body (after gunzip) larger than this. */
  maxBodyBytes = Infinity;
  /** Whether a 413 names the limit, as the real server does. */
  nameLimit = true;
  /** Lines containing this are "rejected". */
  rejectMarker = "BAD";
  private answers = new Map<string, { accepted: number; rejected: number; errors: { line: number; reason: string }[] }>();
  private hung: ServerResponse[] = [];

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((ok) => this.server.listen(0, "127.0.0.1", ok));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  reset(): void {
    this.received = [];
    this.applied = [];
    this.script = [];
    this.maxBodyBytes = Infinity;
    this.nameLimit = true;
    this.answers.clear();
  }

  async stop(): Promise<void> {
    for (const r of this.hung) r.destroy();
    this.server.closeAllConnections();
    await new Promise((ok) => this.server.close(ok));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const encoding = String(req.headers["content-encoding"] ?? "");
    const text = (encoding === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
    const lines = text.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    const key = String(req.headers["idempotency-key"] ?? "");
    const entry: Received = {
      key,
      auth: String(req.headers.authorization ?? ""),
      encoding,
      gzipMagic: raw[0] === 0x1f && raw[1] === 0x8b,
      lines,
      at: Date.now(),
      status: 0,
    };
    this.received.push(entry);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
    };

    const reply = this.script.shift();
    if (reply && "hang" in reply) {
      this.hung.push(res);
      return;
    }
    if (reply && "status" in reply) {
      const headers: Record<string, string> = reply.retryAfter === undefined ? {} : { "retry-after": reply.retryAfter };
      return json(reply.status, { error: { code: "x", message: reply.message ?? `fake ${reply.status}`, requestId: "r" } }, headers);
    }
    if (Buffer.byteLength(text) > this.maxBodyBytes) {
      const message = this.nameLimit ? `The body is larger than the limit of ${this.maxBodyBytes} bytes (INGEST_MAX_BODY_BYTES); send smaller batches.` : "Too large.";
      return json(413, { error: { code: "payload_too_large", message, requestId: "r" } });
    }
    let answer = this.answers.get(key);
    const duplicate = Boolean(answer);
    if (!answer) {
      const errors = lines.flatMap((l, i) => (l.includes(this.rejectMarker) ? [{ line: i + 1, reason: "not a varnishncsa line (fake)" }] : []));
      answer = { accepted: lines.length - errors.length, rejected: errors.length, errors };
      this.answers.set(key, answer);
      this.applied.push(...lines);
    }
    if (reply && "lost" in reply) {
      // Counted, but the answer never arrives: the shipper must retry with the same key.
      entry.status = -1;
      res.socket?.destroy();
      return;
    }
    json(202, duplicate ? { ...answer, duplicate: true } : answer);
  }
}

// ---- running the command

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

class FakeInterrupts implements Interrupts {
  private handler: ((signal: NodeJS.Signals) => void) | undefined;
  claim(handler: (signal: NodeJS.Signals) => void) {
    this.handler = handler;
    return () => {
      if (this.handler === handler) this.handler = undefined;
    };
  }
  get claimed() {
    return this.handler !== undefined;
  }
  fire(signal: NodeJS.Signals = "SIGTERM") {
    const h = this.handler;
    this.handler = undefined;
    h?.(signal);
  }
}

function runIngest(args: string[], opts: { stdin?: Readable; interrupts?: Interrupts; tty?: boolean } = {}): { done: Promise<Run>; output: () => Run } {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: Boolean(opts.tty) });
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString()));
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  const done = runCli(["ingest", ...args], {
    env: {} as NodeJS.ProcessEnv,
    stdin: opts.stdin ?? Readable.from([]),
    stdout,
    stderr,
    interrupts: opts.interrupts,
  }).then((code) => ({ code, stdout: out, stderr: err }));
  return { done, output: () => ({ code: NaN, stdout: out, stderr: err }) };
}

const said = (r: Run) => `exit ${r.code}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 15_000, detail: () => string = () => ""): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${detail()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Lines with unique content, so "exactly once" is checked by content. */
const makeLines = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `${tag} GET /item/${i} 200 ${"x".repeat(i % 17)}`);
const sorted = (a: string[]) => [...a].sort();

describe("originwatch ingest", () => {
  const fake = new FakeIngest();
  let dir: string;
  before(async () => {
    await fake.start();
    dir = mkdtempSync(join(tmpdir(), "ow-ship-"));
  });
  after(async () => {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const file = (name: string) => join(dir, name);
  const base = () => ["--url", fake.url, "--token", TOKEN];

  test("usage errors exit 2 before sending anything", async () => {
    fake.reset();
    for (const [args, message] of [
      [["--url", fake.url, "--token", TOKEN], /give at least one FILE\.\.\. \| -/],
      [["--url", "localhost:3000", "--token", TOKEN, "x.log"], /--url must start with http/],
      [["--url", fake.url, "--token", "ow_api_abc", "x.log"], /an API token \(ow_api_…\) cannot send logs/],
      [["--url", fake.url, "x.log"], /--token is required \(or set OW_SOURCE_TOKEN\)/],
      [["--url", fake.url, "--token", TOKEN, "--batch-bytes", "12q", "x.log"], /--batch-bytes must be a size/],
      [["--url", fake.url, "--token", TOKEN, "--from-end", "x.log"], /--from-end only applies with --follow/],
    ] as const) {
      const r = await runIngest([...args]).done;
      assert.equal(r.code, 2, said(r));
      assert.match(r.stderr, message);
    }
    assert.equal(fake.received.length, 0);
  });

  test("all lines of several files arrive exactly once, gzipped, with the token and a key per batch", slow, async () => {
    fake.reset();
    const a = makeLines("a", 2500);
    const b = makeLines("b", 10);
    const c = makeLines("c", 1234);
    writeFileSync(file("a.log"), a.map((l) => `${l}\n`).join(""));
    writeFileSync(file("b.log"), b.map((l) => `${l}\r\n`).join("") + "\n\n"); // CRLF, blank lines at the end
    writeFileSync(file("c.log"), c.join("\n")); // no newline after the last line
    const r = await runIngest([...base(), "--batch-lines", "1000", file("a.log"), file("b.log"), file("c.log")]).done;
    assert.equal(r.code, 0, said(r));
    assert.deepEqual(sorted(fake.applied), sorted([...a, ...b, ...c]));
    assert.equal(fake.received.length, 3 + 1 + 2);
    for (const req of fake.received) {
      assert.equal(req.encoding, "gzip");
      assert.ok(req.gzipMagic, "the body is gzip");
      assert.equal(req.auth, `Bearer ${TOKEN}`);
      assert.match(req.key, /^ow1-[0-9a-f]{64}$/);
      assert.ok(req.lines.length <= 1000);
    }
    assert.equal(new Set(fake.received.map((q) => q.key)).size, fake.received.length, "a key per batch");
    assert.match(r.stdout, /^Sent 3,744 lines in 6 requests: 3,744 accepted, 0 rejected\.$/m);
    assert.match(r.stdout, /2 blank lines skipped/);

    // The same unchanged files again: the same batches, the same keys; the server counts nothing twice.
    const again = await runIngest([...base(), "--batch-lines", "1000", file("a.log"), file("b.log"), file("c.log")]).done;
    assert.equal(again.code, 0, said(again));
    assert.equal(fake.applied.length, a.length + b.length + c.length);
    assert.match(again.stdout, /6 batches had already been counted/);
  });

  test("stdin (-) is read to its end", async () => {
    fake.reset();
    const lines = makeLines("stdin", 300);
    const r = await runIngest([...base(), "-"], { stdin: Readable.from([Buffer.from(lines.slice(0, 100).join("\n") + "\n"), Buffer.from(lines.slice(100).join("\n"))]) }).done;
    assert.equal(r.code, 0, said(r));
    assert.deepEqual(sorted(fake.applied), sorted(lines));
  });

  test("a 503 and a lost answer are retried with the SAME Idempotency-Key, and counted once; 429's Retry-After is honoured", slow, async () => {
    fake.reset();
    const lines = makeLines("retry", 30);
    writeFileSync(file("retry.log"), lines.map((l) => `${l}\n`).join(""));
    fake.script = [{ status: 503, retryAfter: "0" }, { lost: true }, { status: 429, retryAfter: "1" }];
    const r = await runIngest([...base(), "--batch-lines", "10", file("retry.log")]).done;
    assert.equal(r.code, 0, said(r));
    const [first, second, third, fourth] = fake.received;
    assert.equal(first!.status, 503);
    assert.equal(second!.status, -1, "the second try was applied but its answer lost");
    assert.equal(third!.status, 429);
    assert.equal(fourth!.status, 202);
    assert.equal(second!.key, first!.key, "the retry after a 503 resends the same key");
    assert.equal(third!.key, first!.key, "and so does the retry after a lost answer");
    assert.ok(fourth!.at - third!.at >= 1000, `Retry-After: 1 was honoured (${fourth!.at - third!.at} ms)`);
    assert.deepEqual(sorted(fake.applied), sorted(lines), "every line counted exactly once");
    assert.match(r.stdout, /Sent 30 lines in 3 requests: 30 accepted, 0 rejected \(3 retries\)\./);
    assert.match(r.stdout, /1 batch had already been counted/);
    assert.match(r.stderr, /retrying .*retry\.log in .* HTTP 503: fake 503/);
    assert.match(r.stderr, /connection|socket|closed/i);
  });

  test("413 splits the batch until it fits, and later batches are cut to the server's limit", slow, async () => {
    fake.reset();
    const lines = makeLines("big", 600); // ~ 30 bytes a line: 18 KB
    writeFileSync(file("big.log"), lines.map((l) => `${l}\n`).join(""));
    fake.maxBodyBytes = 4000;
    const r = await runIngest([...base(), "--batch-lines", "300", file("big.log")]).done;
    assert.equal(r.code, 0, said(r));
    assert.deepEqual(sorted(fake.applied), sorted(lines));
    const refused = fake.received.filter((q) => q.status === 413).length;
    assert.equal(refused, 1, "the limit the first 413 names is used for every batch after it");
    assert.ok(fake.received.filter((q) => q.status === 202).every((q) => q.lines.join("\n").length + 1 <= 4000));
    assert.match(r.stderr, /too large \(its limit: 4000 bytes\)/);

    // A server that does not say its limit: halves until a piece fits.
    fake.reset();
    fake.maxBodyBytes = 4000;
    fake.nameLimit = false;
    const halves = await runIngest([...base(), "--batch-lines", "300", file("big.log")]).done;
    assert.equal(halves.code, 0, said(halves));
    assert.deepEqual(sorted(fake.applied), sorted(lines));
    assert.ok(fake.received.filter((q) => q.status === 413).length >= 2);
  });

  test("a single line over the server's limit is reported as not delivered: exit 1", async () => {
    fake.reset();
    writeFileSync(file("huge.log"), `short line\n${"y".repeat(5000)}\nanother short line\n`);
    fake.maxBodyBytes = 4000;
    const r = await runIngest([...base(), file("huge.log")]).done;
    assert.equal(r.code, 1, said(r));
    assert.deepEqual(sorted(fake.applied), ["another short line", "short line"]);
    assert.match(r.stderr, /NOT delivered: 1 line of .*huge\.log \(lines 2-2\): .*alone is over the server's body limit of 4000 bytes/);
    assert.match(r.stderr, /1 line could not be delivered/);
  });

  test("401: token refused, exit 1, nothing else sent", async () => {
    fake.reset();
    writeFileSync(file("auth.log"), makeLines("auth", 50).join("\n"));
    fake.script = [{ status: 401, message: "Unknown or rotated ingest token." }];
    const r = await runIngest([...base(), "--batch-lines", "10", file("auth.log")]).done;
    assert.equal(r.code, 1, said(r));
    assert.match(r.stderr, /^originwatch: token refused \(HTTP 401: Unknown or rotated ingest token\.\)/m);
    assert.equal(fake.received.length, 1, "no point sending more");
    assert.match(r.stderr, /\d+ lines could not be delivered/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  });

  test("rejected lines are the server's verdict (exit 0); the first 5 are shown with their place and reason", async () => {
    fake.reset();
    const lines = makeLines("ok", 20).map((l, i) => (i % 2 ? `BAD ${l}` : l));
    writeFileSync(file("mixed.log"), lines.join("\n") + "\n");
    const r = await runIngest([...base(), file("mixed.log")]).done;
    assert.equal(r.code, 0, said(r));
    assert.match(r.stdout, /10 accepted, 10 rejected/);
    const shown = r.stderr.match(/^rejected .*mixed\.log:\d+: not a varnishncsa line \(fake\)$/gm) ?? [];
    assert.equal(shown.length, 5, said(r));
    assert.match(r.stderr, /mixed\.log:2: /);
    assert.match(r.stderr, /^ {4}BAD ok GET \/item\/1 200/m);
    assert.match(r.stderr, /The server rejected 10 lines/);
  });

  test("a missing file is reported and the run fails (exit 1); the other files are still sent", async () => {
    fake.reset();
    writeFileSync(file("here.log"), "one\ntwo\n");
    const r = await runIngest([...base(), file("absent.log"), file("here.log")]).done;
    assert.equal(r.code, 1, said(r));
    assert.match(r.stderr, /cannot read .*absent\.log: ENOENT/);
    assert.deepEqual(sorted(fake.applied), ["one", "two"]);
  });

  test("--follow: appended lines, a file that appears later, rotation (mv + new file), truncation; stop flushes, exit 0", slow, async () => {
    fake.reset();
    const app = file("app.log");
    const late = file("late.log");
    rmSync(late, { force: true });
    const expected: string[] = [];
    const write = (path: string, lines: string[], append = true) => {
      (append ? appendFileSync : writeFileSync)(path, lines.map((l) => `${l}\n`).join(""));
      expected.push(...lines);
    };
    const arrived = (n: number, what: string) =>
      waitFor(what, () => fake.applied.length >= n, 15_000, () => `${fake.applied.length}/${n} arrived\n${run.output().stderr}`);

    write(app, makeLines("start", 3), false);
    const interrupts = new FakeInterrupts();
    const run = runIngest([...base(), "--follow", app, late], { interrupts });

    await arrived(3, "the lines already in the file");
    assert.ok(interrupts.claimed, "the command stops cleanly on a signal");
    assert.match(run.output().stderr, /late\.log does not exist yet: waiting for it/);

    write(app, makeLines("appended", 4));
    appendFileSync(app, "partial li"); // no newline yet: held back
    await arrived(7, "appended lines (sent after a quiet second)");
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(fake.applied.length, 7, "the partial line is held until complete");
    appendFileSync(app, "ne completed\n");
    expected.push("partial line completed");
    await arrived(8, "the completed line");

    write(late, makeLines("late", 5), false);
    await arrived(13, "the file that appeared");

    // Rotation as logrotate does it: rename, the proxy still writes to the old file for a moment,
    // then a new file under the old name.
    renameSync(app, `${app}.1`);
    write(`${app}.1`, makeLines("after-rename", 2));
    write(app, makeLines("new-file", 3), false);
    await arrived(18, "the rest of the rotated file and the new file");
    assert.match(run.output().stderr, /app\.log was rotated/);

    // Truncation in place (copytruncate), then new lines from the start.
    truncateSync(late, 0);
    await new Promise((r) => setTimeout(r, 600));
    write(late, makeLines("after-truncate", 2));
    await arrived(20, "lines written after the truncation");
    assert.match(run.output().stderr, /late\.log was truncated/);

    // Lines appended just before the stop are read and sent by the stop itself.
    write(app, makeLines("last-words", 2));
    interrupts.fire("SIGTERM");
    const r = await run.done;
    assert.equal(r.code, 0, said(r));
    assert.deepEqual(sorted(fake.applied), sorted(expected), "every line exactly once");
    assert.match(r.stdout, /^Sent 22 lines in \d+ requests: 22 accepted, 0 rejected\.$/m);
  });

  test("on a terminal, progress is one line redrawn in place; without one, only the summary", slow, async () => {
    fake.reset();
    writeFileSync(file("tty.log"), "first\nsecond\n");
    const interrupts = new FakeInterrupts();
    const run = runIngest([...base(), "--follow", file("tty.log")], { interrupts, tty: true });
    await waitFor("the lines", () => fake.applied.length >= 2);
    await new Promise((r) => setTimeout(r, 1200));
    interrupts.fire("SIGINT");
    const r = await run.done;
    assert.equal(r.code, 0, said(r));
    assert.match(r.stderr, /\r\x1b\[K\d+ lines\/s, sent 2, accepted 2, rejected 0, retries 0/);
    assert.match(r.stdout, /^Sent 2 lines in 1 request: 2 accepted, 0 rejected\.$/m);

    fake.reset();
    const plain = await runIngest([...base(), file("tty.log")]).done;
    assert.equal(plain.code, 0, said(plain));
    assert.equal(plain.stderr, "", "no progress noise in a log");
  });

  test("--follow in the real CLI: SIGTERM sends what was read and exits 0; a second signal exits at once", slow, async () => {
    fake.reset();
    const path = file("signal.log");
    writeFileSync(path, makeLines("before", 2).map((l) => `${l}\n`).join(""));
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: "", DATA_DIR: join(dir, "never") };
    delete env.NODE_TEST_CONTEXT;
    const spawnCli = (args: string[]) => {
      const child = spawn(process.execPath, [BIN, "ingest", ...base(), ...args], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<Run>((ok) => child.on("close", (code, signal) => ok({ code: code ?? (signal ? -1 : NaN), stdout, stderr })));
      return { child, exited, stderr: () => stderr };
    };

    const first = spawnCli(["--follow", path]);
    try {
      await waitFor("the first lines", () => fake.applied.length >= 2, 30_000, first.stderr);
      // Appended and stopped at once, before the quiet-second flush: the stop must send them.
      appendFileSync(path, makeLines("after", 3).map((l) => `${l}\n`).join(""));
      await new Promise((r) => setTimeout(r, 400)); // one poll reads them
      first.child.kill("SIGTERM");
      const r = await Promise.race([first.exited, new Promise<never>((_, no) => setTimeout(() => no(new Error("no exit after SIGTERM")), 15_000))]);
      assert.equal(r.code, 0, said(r));
      assert.match(r.stderr, /stopping: sending what was read/);
      assert.deepEqual(sorted(fake.applied), sorted([...makeLines("before", 2), ...makeLines("after", 3)]));
    } finally {
      first.child.kill("SIGKILL");
    }

    // A server that never answers: the first SIGTERM waits for the send; the second one ends it.
    fake.reset();
    fake.script = [{ hang: true }];
    const second = spawnCli(["--follow", path]);
    try {
      await waitFor("the hanging request", () => fake.received.length >= 1, 30_000, second.stderr);
      second.child.kill("SIGTERM");
      await waitFor("the stop notice", () => /stopping/.test(second.stderr()), 5000, second.stderr);
      const t0 = Date.now();
      second.child.kill("SIGTERM");
      const r = await Promise.race([second.exited, new Promise<never>((_, no) => setTimeout(() => no(new Error("no exit after the second SIGTERM")), 5000))]);
      assert.equal(r.code, 143, said(r));
      assert.ok(Date.now() - t0 < 3000, "at once");
    } finally {
      second.child.kill("SIGKILL");
    }
  });
});
