// `npm run worker`: background work in its own process, for PostgreSQL deployments that run
// web servers with ORIGINWATCH_WORKER=off and scale the workers separately.
import { databaseConfig } from "@/lib/config/env";
import { openDatabase } from "@/lib/db/client";
import { isAppError } from "@/lib/errors/app-error";
import { logger } from "@/lib/observability/logger";
import { startBackgroundWork } from "@/lib/worker/background";

async function main() {
  const config = databaseConfig();
  if (config.mode === "embedded") {
    process.stderr.write(
      "originwatch worker: the embedded database runs its background work inside the web server (npm start). A separate worker needs PostgreSQL: set DATABASE_URL.\n",
    );
    process.exit(2);
  }
  const db = await openDatabase(config, { purpose: "an Origin Watch worker" });
  const stop = startBackgroundWork(db);
  logger.info("worker started", { location: db.location });
  const shutdown = async () => {
    await stop();
    await db.close();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  // Keep the process alive: the periodic timers are unref'd.
  setInterval(() => undefined, 1 << 30);
}

main().catch((e: unknown) => {
  process.stderr.write(`originwatch worker: ${isAppError(e) ? e.message : (e as Error).message}\n`);
  process.exit(1);
});
