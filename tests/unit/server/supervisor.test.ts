// scripts/supervisor.mjs with its timings shortened, supervising tiny node children: the backoff,
// its reset, the give-up limit, the exits it must not restart, and stopping by signal.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";

const supervisor = join(import.meta.dirname, "../../../scripts/supervisor.mjs");

interface Run {
  code: number | null;
  lines: Array<Record<string, unknown>>;
  stderr: string;
}

/** Supervises `node -e childCode`; `onLine` may act on each JSON line (e.g. send a signal). */
function run(
  childCode: string,
  options: Record<string, unknown>,
  onLine?: (line: Record<string, unknown>, pid: number) => void,
  onStderr?: (text: string, pid: number) => void,
): Promise<Run> {
  const driver = `
    import { spawn } from "node:child_process";
    import { supervise } from ${JSON.stringify(supervisor)};
    supervise(() => spawn(process.execPath, ["-e", ${JSON.stringify(childCode)}], { stdio: ["ignore", "ignore", "pipe"] }), ${JSON.stringify(options)});
  `;
  const p = spawn(process.execPath, ["--input-type=module", "-e", driver], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  const lines: Array<Record<string, unknown>> = [];
  p.stderr.on("data", (d: Buffer) => {
    const before = stderr.split("\n").length - 1;
    stderr += d.toString();
    onStderr?.(stderr, p.pid!);
    const all = stderr.split("\n");
    for (const l of all.slice(before, all.length - 1)) {
      if (!l.startsWith("{")) continue;
      const entry = JSON.parse(l) as Record<string, unknown>;
      lines.push(entry);
      onLine?.(entry, p.pid!);
    }
  });
  return new Promise((resolve) => p.on("exit", (code) => resolve({ code, lines, stderr })));
}

const crashReports = (r: Run) => r.lines.filter((l) => String(l.msg).startsWith("server exited unexpectedly"));

test("crashes are restarted after 1x, 2x, 4x the first delay up to the cap, then it gives up", async () => {
  const r = await run(`console.error("boom: the disk is full"); process.exit(3)`, { firstDelayMs: 20, maxDelayMs: 80, stableMs: 60_000, burst: 5, burstWindowMs: 60_000 });
  assert.equal(r.code, 1, r.stderr);
  const reports = crashReports(r);
  assert.deepEqual(
    reports.map((l) => l.restartInMs),
    [20, 40, 80, 80],
  );
  for (const l of reports) {
    assert.equal(l.level, "error");
    assert.equal(l.code, 3);
    assert.equal(l.signal, null);
    assert.match(String(l.msg), /exit code 3/);
    assert.match(String(l.stderrTail), /boom: the disk is full/);
    assert.ok(typeof l.t === "string");
  }
  assert.match(String(r.lines.at(-1)!.msg), /crashed 5 times within 60 s; giving up/);
});

test("a run that lasted long enough resets the delay", async () => {
  const r = await run(`setTimeout(() => process.exit(1), 150)`, { firstDelayMs: 10, maxDelayMs: 1000, stableMs: 100, burst: 3, burstWindowMs: 60_000 });
  assert.equal(r.code, 1);
  assert.deepEqual(
    crashReports(r).map((l) => l.restartInMs),
    [10, 10],
  );
});

test("a refused configuration (exit 78), a clean exit and ORIGINWATCH_SUPERVISE=off are not restarted", async () => {
  const config = await run(`process.exit(78)`, { firstDelayMs: 10 });
  assert.equal(config.code, 78);
  assert.equal(crashReports(config).length, 0);
  assert.equal(config.lines.at(-1)!.msg, "server exited");

  const clean = await run(`process.exit(0)`, { firstDelayMs: 10 });
  assert.equal(clean.code, 0);
  assert.equal(clean.lines.length, 0);

  const off = await run(`process.exit(3)`, { enabled: false, firstDelayMs: 10 });
  assert.equal(off.code, 3);
  assert.equal(crashReports(off).length, 0);
});

test("SIGTERM stops a running child and exits without a restart; during the backoff it just exits", async () => {
  let sent = false;
  // The child says "up" on stderr, which the supervisor copies through: then stop it.
  const running = await run(`console.error("up"); setInterval(() => {}, 1000)`, { firstDelayMs: 10 }, undefined, (text, pid) => {
    if (text.includes("up") && !sent) {
      sent = true;
      process.kill(pid, "SIGTERM");
    }
  });
  assert.equal(running.code, 0, running.stderr);
  assert.equal(running.lines.length, 0, running.stderr);

  let stopped = false;
  const backoff = await run(`process.exit(2)`, { firstDelayMs: 60_000 }, (line, pid) => {
    if (String(line.msg).startsWith("server exited unexpectedly") && !stopped) {
      stopped = true;
      process.kill(pid, "SIGTERM");
    }
  });
  assert.equal(backoff.code, 0);
  assert.equal(crashReports(backoff).length, 1);
});
