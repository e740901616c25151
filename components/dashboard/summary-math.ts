// Reading a summary answer: 5xx and 503 counts, rates, the leading cause.
import type { SummaryAnswer } from "@/lib/rollups/schemas";
import type { CauseId } from "@/lib/ingest/types";

type Counts = Record<string, number>;
type Totals = Pick<SummaryAnswer, "total" | "byStatus" | "byCause">;

export function count5xx(byStatus: Counts): number {
  let n = 0;
  for (const [status, c] of Object.entries(byStatus)) if (status.startsWith("5")) n += c;
  return n;
}

/** The errors the view is about: every 5xx, or one cause's. */
export function errorCount(t: Totals, cause: CauseId | null): number {
  return cause ? (t.byCause[cause] ?? 0) : count5xx(t.byStatus);
}

export const ratio = (part: number, total: number): number | null => (total > 0 ? part / total : null);

export function topCause(byCause: Counts): { cause: string; count: number; share: number } | null {
  let best: { cause: string; count: number } | null = null;
  let all = 0;
  for (const [cause, c] of Object.entries(byCause)) {
    all += c;
    if (c > 0 && (!best || c > best.count)) best = { cause, count: c };
  }
  return best ? { ...best, share: best.count / all } : null;
}
