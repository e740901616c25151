import { getDatabase } from "@/lib/db/client";
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
    const message = e instanceof Error && "code" in e && (e as { code: unknown }).code !== undefined ? (e as Error).message : "database check failed";
    return { status: "error", db: "unreachable", version, message };
  }
}
