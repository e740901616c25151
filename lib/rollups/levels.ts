// The one home of the rollup levels: their bucket sizes, tables, seal times and the shape of their
// retention. Every module that sizes a bucket, picks a table or trims a level reads it here, so a
// level cannot mean one thing to the writer and another to the reader. It imports nothing: the
// browser's range controls read the same sizes. How many days each level is kept is
// configuration (RETENTION_* env vars, retentionConfig() in lib/config/env.ts), read per call.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** The resolution an answer is read at (API: `resolution`). */
export type Resolution = "minute" | "hour";
/** A rollup level: day rows serve the whole days of hour-resolution reads. */
export type Table = Resolution | "day";

export interface Level {
  sizeMs: number;
  table: "rollup_minute" | "rollup_hour" | "rollup_day";
  /**
   * How many minutes behind the database's now a bucket's start must be for a write to it to
   * count as late (and bump its day's revision). The revision triggers take this as their
   * argument (migration 20261122000000); tests/unit/rollups/levels.test.ts checks they agree.
   */
  lateWriteMinutes: number;
}

export const LEVELS: Record<Table, Level> = {
  minute: { sizeMs: MINUTE_MS, table: "rollup_minute", lateWriteMinutes: 5 },
  // An hour row is filled until its hour ends; a day row until its day ends.
  hour: { sizeMs: HOUR_MS, table: "rollup_hour", lateWriteMinutes: 65 },
  day: { sizeMs: DAY_MS, table: "rollup_day", lateWriteMinutes: 1445 },
};

/** Clock skew between the web and database servers that a seal allows for. */
const SKEW_MS = 10 * MINUTE_MS;

/**
 * A bucket is sealed once its end is this far behind now: the triggers' late-write horizon plus the
 * skew. Reads may cache sealed buckets (lib/rollups/bucket-cache.ts); day-repair rebuilds sealed days.
 */
export const SEAL_MS: Record<Table, number> = {
  minute: LEVELS.minute.lateWriteMinutes * MINUTE_MS + SKEW_MS,
  hour: LEVELS.hour.lateWriteMinutes * MINUTE_MS + SKEW_MS,
  day: LEVELS.day.lateWriteMinutes * MINUTE_MS + SKEW_MS,
};

/** The start of the bucket `sizeMs` long that holds `ms`. */
export const bucketStart = (ms: number, sizeMs: number): number => Math.floor(ms / sizeMs) * sizeMs;

export interface RetentionPolicy {
  sampleDays: number;
  minuteDays: number;
  hourDays: number;
  /** Raw probe results (drill-down); absent: as long as samples (14 days by default). */
  probeResultDays?: number;
  /** Per-minute probe rollups (for long-range probe charts); absent: as long as minute rollups (30 days by default). */
  probeRollupDays?: number;
}

/** Whether minute rows can still hold `fromMs` (retention trims the minute level first). */
export const minutesKeptSince = (fromMs: number, nowMs: number, policy: Pick<RetentionPolicy, "minuteDays">): boolean =>
  fromMs >= nowMs - policy.minuteDays * DAY_MS;
