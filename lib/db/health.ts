import { getDatabase } from "@/lib/db/client";
import { logger } from "@/lib/observability/logger";
import { appVersion } from "@/lib/version";

export interface HealthReport {
  status: "ok" | "error";
  db: "ok" | "unreachable";
  mode?: "postgres" | "embedded";
  version: string;
  message?: string;
}

export async function checkHealth(): Promise<HealthReport> {
  const version = appVersion();
  try {
    const db = await getDatabase();
    await db.sql.query("SELECT 1");
    return { status: "ok", db: "ok", mode: db.mode, version };
  } catch (e) {
    // The endpoint is public: the driver's text (host, database and user names) goes to the
    // server log only.
    logger.error("health check: database unavailable", { error: e });
    return { status: "error", db: "unreachable", version, message: "database unavailable" };
  }
}
