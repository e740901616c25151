// Issue #9, deliverable 12: a server that dies comes back. `npm start` (scripts/start.mjs) is the
// supervisor and `next start` its child: SIGKILL the child, and the supervisor logs why it ended
// and starts it again on the same database; SIGTERM to the supervisor ends both, for good.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { startServer, type RunningServer } from "../../helpers/server";

let s: RunningServer;
let stopped = false;
before(async () => {
  // A first start, as on a fresh install: the server migrates its empty database itself.
  s = await startServer({ emptyDatabase: true });
});
after(async () => {
  if (!stopped) await s?.stop();
});

/** Live child processes of `pid`, from /proc (Linux). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // "pid (comm) state ppid …": comm may hold spaces or parentheses, so split after the last ")".
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(ppid) === pid && state !== "Z") out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}:\n${s.logs()}`);
}

const healthy = async () => {
  try {
    const r = await fetch(`${s.baseUrl}/api/health`);
    await r.arrayBuffer();
    return r.ok ? true : undefined;
  } catch {
    return undefined;
  }
};

test("SIGKILL of the server process: the supervisor logs the reason and the server comes back on the same data", async () => {
  const [server] = childrenOf(s.pid);
  assert.ok(server, `no child process of start.mjs (${s.pid})`);
  process.kill(server, "SIGKILL");
  await until("the server to go down", async () => ((await healthy()) ? undefined : true), 10_000);

  const line = await until("the supervisor's log line", () =>
    s
      .logs()
      .split("\n")
      .find((l) => l.startsWith("{") && l.includes("server exited unexpectedly")),
  );
  const entry = JSON.parse(line) as Record<string, unknown>;
  assert.equal(entry.level, "error");
  assert.equal(entry.signal, "SIGKILL");
  assert.equal(entry.code, null);
  assert.equal(entry.restartInMs, 1000);
  assert.match(String(entry.msg), /signal SIGKILL/);

  await until("the server to answer again", healthy);
  const [again] = childrenOf(s.pid);
  assert.ok(again && again !== server, "a new server process");
  // Same database: the owner's token still works.
  const me = await fetch(`${s.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${s.token}` } });
  assert.equal(me.status, 200, await me.text());
});

test("SIGTERM to the supervisor stops the server and does not restart it", async () => {
  const children = childrenOf(s.pid);
  assert.equal(children.length, 1, `children of start.mjs: ${children.join(", ")}`);
  const started = Date.now();
  stopped = true;
  await s.stop();
  assert.ok(Date.now() - started < 30_000, "stopping took too long");
  assert.equal(alive(s.pid), false, "start.mjs still running");
  assert.equal(alive(children[0]!), false, "the server process still running");
  assert.equal(await healthy(), undefined, "something still answers");
  assert.equal(s.logs().split("server exited unexpectedly").length - 1, 1, "one crash report: the SIGKILL, not the stop");
});
