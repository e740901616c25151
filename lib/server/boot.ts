// Server start-up: check configuration, open and migrate the database, start background work.
// A problem here is one clear line on stderr and a non-zero exit, never only a stack trace.
import { authConfig, databaseConfig } from "@/lib/config/env";
import { getDatabase } from "@/lib/db/client";
import { isAppError } from "@/lib/errors/app-error";
import { logger } from "@/lib/observability/logger";
import { startBackgroundWork } from "@/lib/worker/background";

export async function bootServer(): Promise<void> {
  try {
    authConfig();
    const cfg = databaseConfig();
    const db = await getDatabase("the Origin Watch web server");
    logger.info("database ready", { mode: cfg.mode, location: db.location });
    // ORIGINWATCH_WORKER=off leaves background work to separate `npm run worker` processes.
    if (process.env.ORIGINWATCH_WORKER !== "off") startBackgroundWork(db);
  } catch (e) {
    const message = isAppError(e) ? e.message : `start-up failed: ${(e as Error)?.message ?? String(e)}`;
    process.stderr.write(`originwatch: ${message}\n`);
    if (!isAppError(e)) logger.error("start-up failed", { error: e });
    process.exit(1);
  }
}
