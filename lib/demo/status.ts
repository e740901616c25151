// Whether demo data is here, and whether the workspace has traffic of its own: the banner, the
// "Load demo data" button and the load's refusals all ask these.
import type { SqlQueryable } from "@/lib/db/sql";
import type { DemoStatus } from "@/lib/demo/schemas";

export async function demoStatus(q: SqlQueryable): Promise<DemoStatus> {
  const [row] = await q.query<{ sources: number; backends: number; events: number }>(
    `SELECT (SELECT count(*) FROM sources WHERE demo)::int AS sources,
            (SELECT count(*) FROM backends WHERE demo)::int AS backends,
            (SELECT count(*) FROM events WHERE demo)::int AS events`,
  );
  const sources = row?.sources ?? 0;
  const backends = row?.backends ?? 0;
  const events = row?.events ?? 0;
  return { loaded: sources + backends + events > 0, sources, backends, events };
}

/** Traffic recorded by any source that is not a demo one (hour rows outlive the minutes). */
export async function hasOwnTraffic(q: SqlQueryable): Promise<boolean> {
  const [row] = await q.query<{ any: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM rollup_hour r WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.id = r.source_id AND s.demo)) AS any`,
  );
  return row?.any === true;
}
