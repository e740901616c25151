import { route, readJson } from "@/lib/http/handler";
import { runBacktest } from "@/lib/alerts/backtest";
import { limitsFromRetention } from "@/lib/alerts/schemas";
import { retentionConfig } from "@/lib/config/env";

export const dynamic = "force-dynamic";

// A read of stored rollups that changes nothing, so viewers may run it (POST only to carry the
// unsaved rule being edited).
export const POST = route({ permission: "dashboard.read" }, async ({ req, db }) =>
  runBacktest(db, await readJson(req), limitsFromRetention(retentionConfig())),
);
