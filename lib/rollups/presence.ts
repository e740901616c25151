// Whether any traffic was ever recorded: the overview's first-run empty state depends on it.
// Hour rows are written with the minutes and kept longest, so one of them is enough to know.
import type { SqlQueryable } from "@/lib/db/sql";

export async function hasRollups(q: SqlQueryable): Promise<boolean> {
  const rows = await q.query<{ any: boolean }>("SELECT EXISTS (SELECT 1 FROM rollup_hour) AS any");
  return rows[0]?.any === true;
}
