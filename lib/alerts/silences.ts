// Silences and maintenance windows: which transitions they mark `silenced` (they suppress
// notifications only; transitions and incidents are still recorded). One-off windows cover
// [startsAt, endsAt); weekly ones cover weekdays and minutes of the day in an IANA time zone,
// within optional startsAt/endsAt. Matchers are lists; an absent or empty list matches anything.
import type { SqlQueryable } from "@/lib/db/sql";

export interface SilenceMatchers {
  rules?: string[];
  backends?: string[];
  sources?: string[];
  severities?: string[];
}

export interface SilenceWindow {
  id: string;
  kind: "once" | "weekly";
  startsAt: number | null;
  endsAt: number | null;
  /** ISO weekdays, 1 = Monday .. 7 = Sunday. */
  weekdays: number[];
  startMinute: number | null;
  endMinute: number | null;
  timeZone: string | null;
  matchers: SilenceMatchers;
}

export interface SilenceTarget {
  ruleId: string;
  ruleName: string;
  backend: string;
  source: string | null;
  severity: string;
}

const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Weekday (ISO) and minute of the day of an instant in a time zone. */
export function localWeekMinute(at: number, timeZone: string): { weekday: number; minute: number } {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { weekday: WEEKDAY[part("weekday")] ?? 0, minute: Number(part("hour")) * 60 + Number(part("minute")) };
}

/** Whether the silence's time window covers an instant. */
export function silenceCovers(s: SilenceWindow, at: number): boolean {
  if (s.startsAt !== null && at < s.startsAt) return false;
  if (s.endsAt !== null && at >= s.endsAt) return false;
  if (s.kind === "once") return true;
  if (s.startMinute === null || s.endMinute === null || !s.timeZone) return false;
  const { weekday, minute } = localWeekMinute(at, s.timeZone);
  if (s.startMinute <= s.endMinute) return s.weekdays.includes(weekday) && minute >= s.startMinute && minute < s.endMinute;
  // Past midnight (22:00-02:00): the evening of a listed day, or the small hours after one.
  const previousDay = weekday === 1 ? 7 : weekday - 1;
  return (s.weekdays.includes(weekday) && minute >= s.startMinute) || (s.weekdays.includes(previousDay) && minute < s.endMinute);
}

const listed = (list: string[] | undefined, ...values: (string | null)[]) =>
  !list || list.length === 0 || values.some((v) => v !== null && list.includes(v));

export function silenceMatches(s: SilenceWindow, t: SilenceTarget): boolean {
  const m = s.matchers;
  return listed(m.rules, t.ruleId, t.ruleName) && listed(m.backends, t.backend) && listed(m.sources, t.source) && listed(m.severities, t.severity);
}

export const isSilenced = (silences: SilenceWindow[], target: SilenceTarget, at: number): boolean =>
  silences.some((s) => silenceMatches(s, target) && silenceCovers(s, at));

export function silenceState(s: Pick<SilenceWindow, "startsAt" | "endsAt">, now: number): "pending" | "active" | "expired" {
  if (s.endsAt !== null && now >= s.endsAt) return "expired";
  if (s.startsAt !== null && now < s.startsAt) return "pending";
  return "active";
}

/** Silences that may cover event times from `from` on. */
export async function loadSilences(q: SqlQueryable, from: number): Promise<SilenceWindow[]> {
  const rows = await q.query<{
    id: string;
    kind: string;
    startsAt: number | null;
    endsAt: number | null;
    weekdays: number[];
    startMinute: number | null;
    endMinute: number | null;
    timeZone: string | null;
    matchers: SilenceMatchers;
  }>(
    `SELECT id, kind, extract(epoch FROM starts_at) * 1000 AS "startsAt", extract(epoch FROM ends_at) * 1000 AS "endsAt", weekdays,
            start_minute AS "startMinute", end_minute AS "endMinute", time_zone AS "timeZone", matchers
     FROM silences WHERE ends_at IS NULL OR ends_at > to_timestamp($1 / 1000.0)`,
    [from],
  );
  return rows.map((r) => ({
    ...r,
    kind: r.kind === "weekly" ? "weekly" : "once",
    startsAt: r.startsAt === null ? null : Number(r.startsAt),
    endsAt: r.endsAt === null ? null : Number(r.endsAt),
  }));
}
