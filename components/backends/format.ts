// Durations as people type and read them: "3.5s", "500ms" or a bare number of milliseconds in;
// "3.5 s", "850 ms" out. Shared by the backend and probe forms, tables and charts.

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000 };

export type ParsedDuration = { ok: true; ms: number | null } | { ok: false; message: string };

/** "" is null (not set); a bare number is milliseconds; `ms`, `s`, `m` units are understood. */
export function parseDuration(text: string): ParsedDuration {
  const t = text.trim().toLowerCase();
  if (!t) return { ok: true, ms: null };
  const m = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|sec|m|min)?$/.exec(t);
  if (!m) return { ok: false, message: "Write a duration such as 500ms, 3.5s or 3500 (milliseconds)." };
  // Rounded to a microsecond first, so 1.001s is 1001 ms and not 1000.9999999999999.
  const ms = Math.round(Number(m[1]) * UNIT_MS[m[2] ?? "ms"]! * 1000) / 1000;
  if (!Number.isInteger(ms)) return { ok: false, message: "Use whole milliseconds." };
  return { ok: true, ms };
}

/** For an input's value: the shortest exact spelling ("3.5s", "60s", "250ms"). */
export function durationInput(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "";
  return ms >= 1000 && ms % 100 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** For reading: "850 ms", "3.5 s", "60 s", "2 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms >= 120_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : Number(s.toFixed(s < 10 ? 2 : 1))} s`;
}

/** A measured time (phases, totals): one decimal below 10 ms, whole ms below 1 s, then seconds. */
export function formatMeasured(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** "just now", "12 s ago", "3 min ago": for the "updated" line, which ticks every second. */
export function agoText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 2) return "just now";
  if (s < 90) return `${s} s ago`;
  const min = Math.round(s / 60);
  if (min < 90) return `${min} min ago`;
  return `${Math.round(min / 60)} h ago`;
}

/** Comma- or newline-separated tags, trimmed, empty ones dropped, duplicates once. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[,\n]/).map((t) => t.trim()).filter(Boolean))];
}
