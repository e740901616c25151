// Prometheus scrape endpoint, at /metrics where scrapers look (not under /api/v1). Text
// exposition format 0.0.4; who may read it: lib/metrics/access.ts.
import { route } from "@/lib/http/handler";
import { metricsConfig } from "@/lib/config/env";
import { authorizeScrape, type AllowList } from "@/lib/metrics/access";
import { collectMetrics } from "@/lib/metrics/collect";
import { EXPOSITION_CONTENT_TYPE, renderExposition } from "@/lib/metrics/exposition";

export const dynamic = "force-dynamic";

// Parsed on first use, not at import (the build imports route modules); boot checks it first.
let allow: AllowList | undefined;

export const GET = route({ permission: null }, async ({ req, actor, db }) => {
  allow ??= metricsConfig().allow;
  authorizeScrape(req, actor, allow);
  const body = renderExposition(await collectMetrics(db.sql, db.engineMemoryBytes()));
  return new Response(body, { headers: { "content-type": EXPOSITION_CONTENT_TYPE, "cache-control": "no-store" } });
});
