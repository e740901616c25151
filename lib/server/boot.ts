// Server start-up: check configuration, open and migrate the database, start background work
// (and stop it, its in-flight batches finished, on SIGTERM: lib/server/shutdown.ts).
// A problem here is one clear line on stderr and a non-zero exit, never only a stack trace.
import { authConfig, databaseConfig, egressConfig, metricsConfig, trustedProxiesConfig, workerConfig } from "@/lib/config/env";
import { getDatabase } from "@/lib/db/client";
import { isAppError } from "@/lib/errors/app-error";
import { logger } from "@/lib/observability/logger";
import { startBackgroundWork } from "@/lib/worker/background";
import { stopOnSignals } from "@/lib/server/shutdown";
import { startTrafficCounting } from "@/lib/metrics/counters";

/** Keep equal to EXIT_CONFIG in scripts/supervisor.mjs. */
const EXIT_CONFIG = 78;

export async function bootServer(): Promise<void> {
  try {
    authConfig();
    trustedProxiesConfig();
    egressConfig();
    metricsConfig();
    const cfg = databaseConfig();
    const db = await getDatabase("the Origin Watch web server");
    logger.info("database ready", { mode: cfg.mode, location: db.location });
    // /metrics counts what this process ingests from now on.
    startTrafficCounting();
    // ORIGINWATCH_WORKER=off leaves background work to separate `npm run worker` processes.
    if (workerConfig().inProcess) stopOnSignals(startBackgroundWork(db));
  } catch (e) {
    const message = isAppError(e) ? e.message : `start-up failed: ${(e as Error)?.message ?? String(e)}`;
    process.stderr.write(`originwatch: ${message}\n`);
    if (!isAppError(e)) logger.error("start-up failed", { error: e });
    // A configuration error will fail the same way on every try: its own exit code (sysexits'
    // EX_CONFIG) tells `npm start`'s supervisor (scripts/supervisor.mjs) not to restart. Anything
    // else (the database not reachable yet, say) is worth another try.
    process.exit(isAppError(e) && e.code === "config" ? EXIT_CONFIG : 1);
  }
}
