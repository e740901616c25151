// Keeps the server running, as PM2 or systemd's Restart=on-failure would: when the child exits
// unexpectedly (a non-zero code, or a signal we did not send) it is started again after 1 s, 2 s,
// 4 s … up to 30 s; the wait goes back to 1 s once a run has lasted a minute. Each exit is one
// JSON line on stderr (the format of lib/observability/logger.ts) with the code or signal and the
// last lines the child wrote to stderr. Ten crashes within five minutes is not a crash but a
// broken installation: give up with exit 1, like systemd's StartLimitBurst.
// SIGINT/SIGTERM stop the child and exit without a restart.

/** The exit code of a start-up refused for its configuration (sysexits' EX_CONFIG): restarting cannot help. */
export const EXIT_CONFIG = 78;

const DEFAULTS = { firstDelayMs: 1_000, maxDelayMs: 30_000, stableMs: 60_000, burst: 10, burstWindowMs: 5 * 60_000 };
const TAIL_CHARS = 2_000;
const TAIL_LINES = 15;

function log(level, msg, fields) {
  process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields })}\n`);
}

function lastLines(text) {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  return lines.slice(-TAIL_LINES).join("\n");
}

/**
 * Runs `start()` (which spawns the child with stderr piped) and restarts it as described above.
 * `enabled: false` (ORIGINWATCH_SUPERVISE=off, for those running under systemd) runs it once and
 * exits with its code. The timings are parameters so that a test can shorten them.
 */
export function supervise(start, { enabled = true, ...timings } = {}) {
  const t = { ...DEFAULTS, ...timings };
  let child;
  let stopping = false;
  let timer;
  let delay = t.firstDelayMs;
  let crashes = [];

  function launch() {
    const startedAt = Date.now();
    let tail = "";
    child = start();
    child.stderr.on("data", (chunk) => {
      process.stderr.write(chunk);
      tail = (tail + chunk.toString()).slice(-TAIL_CHARS);
    });
    child.on("exit", (code, signal) => {
      child = undefined;
      if (stopping) process.exit(code ?? 0);
      const uptimeMs = Date.now() - startedAt;
      const fields = { pid: process.pid, code, signal, uptimeMs, stderrTail: lastLines(tail) || undefined };
      // Exit 0 is a server that meant to stop; EX_CONFIG a configuration that will not get better.
      if (!enabled || code === 0 || code === EXIT_CONFIG) {
        if (code !== 0) log("error", "server exited", fields);
        process.exit(code ?? 1);
      }
      const now = Date.now();
      crashes = [...crashes.filter((at) => now - at < t.burstWindowMs), now];
      if (crashes.length >= t.burst) {
        log("error", `server crashed ${crashes.length} times within ${Math.round(t.burstWindowMs / 1000)} s; giving up`, fields);
        process.exit(1);
      }
      if (uptimeMs >= t.stableMs) delay = t.firstDelayMs;
      log("error", `server exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}); restarting in ${delay} ms`, {
        ...fields,
        restartInMs: delay,
      });
      timer = setTimeout(() => {
        log("warn", "server restarting", { pid: process.pid, crashesInWindow: crashes.length });
        launch();
      }, delay);
      delay = Math.min(delay * 2, t.maxDelayMs);
    });
  }

  for (const sig of ["SIGINT", "SIGTERM"]) {
    process.on(sig, () => {
      stopping = true;
      clearTimeout(timer);
      if (child) child.kill(sig);
      else process.exit(0);
    });
  }
  launch();
}
