// Background work of one process: in the web server by default, or alone (`npm run worker`).
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Database } from "@/lib/db/client";
import { probeSchedulerConfig } from "@/lib/config/env";
import { ProbeScheduler } from "@/lib/probes/scheduler";
import { repairDayRollups } from "@/lib/rollups/day-repair";
import { enforceRetention } from "@/lib/rollups/retention";
import { DEFAULT_RETENTION } from "@/lib/rollups/retention-policy";
import { startPeriodic } from "@/lib/worker/periodic";
import { logger } from "@/lib/observability/logger";

/** Starts retention (and the day-rollup check) and the probe scheduler; the returned function stops both. */
export function startBackgroundWork(db: Database): () => Promise<void> {
  const stops = [
    startPeriodic({
      name: "retention",
      everyMs: 3_600_000,
      firstAfterMs: 60_000,
      run: async () => {
        const report = await enforceRetention(db.sql, DEFAULT_RETENTION);
        if (Object.values(report).some((n) => n > 0)) logger.info("retention removed expired rows", { ...report });
        const days = await repairDayRollups(db.sql);
        if (days.rebuilt > 0) logger.warn("day rollups rebuilt from their hour rows (written by a process without day rollups?)", { ...days });
        return { ...report, dayRowsRebuilt: days.rebuilt };
      },
    }),
  ];
  // The owner names this process in probe leases; unique even across restarts with the same pid.
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const probes = new ProbeScheduler({ sql: db.sql, owner, ...probeSchedulerConfig() }).start();
  return async () => {
    stops.forEach((stop) => stop());
    await probes.stop();
  };
}
