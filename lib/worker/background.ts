// Background work of one process: in the web server by default, or alone (`npm run worker`).
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Database } from "@/lib/db/client";
import { notifyConfig, probeSchedulerConfig, retentionConfig } from "@/lib/config/env";
import { serverEgressPolicy } from "@/lib/net/egress";
import { ProbeScheduler } from "@/lib/probes/scheduler";
import { repairDayRollups } from "@/lib/rollups/day-repair";
import { auditRetentionPolicy, enforceRetention } from "@/lib/rollups/retention";
import { HOUR_MS, MINUTE_MS } from "@/lib/rollups/levels";
import { startPeriodic } from "@/lib/worker/periodic";
import { startAlertEvaluator } from "@/lib/alerts/evaluator";
import { logger } from "@/lib/observability/logger";
import { startNotifier } from "@/lib/notifications/worker";

/** Alert rules are evaluated at least this often, for conditions time alone changes (no data, `for` expiring). */
export const ALERT_TICK_MS = 10_000;

/**
 * Starts retention (and the day-rollup check), the probe scheduler, alert evaluation (after
 * each committed batch, and on a tick) and the notifier; the returned function stops them all.
 */
export function startBackgroundWork(db: Database): () => Promise<void> {
  // The policy this process enforces: a change since the last start goes to the audit log.
  const retentionAudited = auditRetentionPolicy(db.sql, retentionConfig()).then(
    (changed) => {
      if (changed) logger.info("retention policy recorded in the audit log", { ...retentionConfig() });
    },
    (e: unknown) => logger.error("could not record the retention policy in the audit log", { error: e instanceof Error ? e.message : String(e) }),
  );
  const alerts = startAlertEvaluator({ sql: db.sql });
  const stops = [
    startPeriodic({ name: "alert rules", everyMs: ALERT_TICK_MS, firstAfterMs: ALERT_TICK_MS, run: () => alerts.tick() }),
    startPeriodic({
      name: "retention",
      everyMs: HOUR_MS,
      firstAfterMs: MINUTE_MS,
      run: async () => {
        const report = await enforceRetention(db.sql, retentionConfig());
        if (Object.values(report).some((n) => n > 0)) logger.info("retention removed expired rows", { ...report });
        const days = await repairDayRollups(db.sql);
        if (days.rebuilt > 0) logger.warn("day rollups rebuilt from their hour rows (written by a process without day rollups?)", { ...days });
        return { ...report, dayRowsRebuilt: days.rebuilt };
      },
    }),
  ];
  // The owner names this process in probe leases; unique even across restarts with the same pid.
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const probes = new ProbeScheduler({ sql: db.sql, owner, egress: serverEgressPolicy(), ...probeSchedulerConfig() }).start();
  const notifier = startNotifier({ sql: db.sql, egress: serverEgressPolicy(), config: notifyConfig() });
  return async () => {
    stops.forEach((stop) => stop());
    await retentionAudited;
    await probes.stop();
    await alerts.stop();
    await notifier.stop();
  };
}
