// Numbers and times as the dashboard shows them. Numbers use a fixed locale so the server's first
// paint and the browser agree; times use the browser's own zone (charts render in the browser only).

const int = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

export function formatCount(n: number): string {
  return int.format(n);
}

/** 1.2k, 3.4M: for axes. */
export function formatCompact(n: number): string {
  return Math.abs(n) < 1000 ? trimNumber(n) : compact.format(n);
}

/** Up to 3 significant digits without trailing zeros: 12.3, 0.25, 1200. */
export function trimNumber(n: number): string {
  if (n === 0) return "0";
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return String(Number(n.toFixed(digits)));
}

/** A ratio (0..1) as a percentage with enough digits to tell small rates apart. */
export function formatPercent(ratio: number): string {
  if (ratio === 0) return "0%";
  const pct = ratio * 100;
  if (pct < 0.01) return "<0.01%";
  const digits = pct >= 10 ? 1 : 2;
  return `${Number(pct.toFixed(digits))}%`;
}

/** Axis labels for a ratio: fewer digits. */
export function formatPercentAxis(ratio: number): string {
  const pct = ratio * 100;
  return `${Number(pct.toFixed(pct > 0 && pct < 1 ? 2 : 1))}%`;
}

export function formatMs(ms: number): string {
  if (ms < 1) return `${Number(ms.toFixed(2))} ms`;
  if (ms < 1000) return `${Number(ms.toFixed(ms < 10 ? 1 : 0))} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(ms < 10_000 ? 2 : 1))} s`;
  return `${Number((ms / 60_000).toFixed(1))} min`;
}

export function formatPerMinute(n: number): string {
  return `${trimNumber(n)}/min`;
}

export function formatDuration(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min} min`;
  if (min <= 2880) return min % 60 === 0 ? `${min / 60} h` : `${Math.floor(min / 60)} h ${min % 60} min`;
  const d = min / 1440;
  return Number.isInteger(d) ? `${d} d` : `${Number(d.toFixed(1))} d`;
}

// ---- times (browser zone) ----

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TICK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720].map((m) => m * MINUTE);

/** Where `t` falls in local wall-clock time, as a number that can be aligned to steps. */
const localMs = (t: number) => t - new Date(t).getTimezoneOffset() * MINUTE;

/** Round local times across the domain: about `target` of them. */
export function timeTicks(fromMs: number, toMs: number, target = 6): number[] {
  const span = toMs - fromMs;
  const step = TICK_STEPS.find((s) => span / s <= target);
  const ticks: number[] = [];
  if (step !== undefined) {
    const first = fromMs + (step - (((localMs(fromMs) % step) + step) % step)) % step;
    for (let t = first; t <= toMs; t += step) ticks.push(t);
    return ticks;
  }
  // Days (or several): local midnights.
  const days = Math.max(1, Math.ceil(span / DAY / target));
  const d = new Date(fromMs);
  d.setHours(0, 0, 0, 0);
  if (d.getTime() < fromMs) d.setDate(d.getDate() + 1);
  for (; d.getTime() <= toMs; d.setDate(d.getDate() + days)) ticks.push(d.getTime());
  return ticks;
}

const hm = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const md = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
const full = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
const fullYear = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });

/** An axis label: the time of day, and the date at local midnight or on day-sized ticks. */
export function formatTick(t: number, spanMs: number): string {
  const d = new Date(t);
  const midnight = d.getHours() === 0 && d.getMinutes() === 0;
  if (spanMs > 3 * DAY || (midnight && spanMs > 12 * HOUR)) return md.format(d);
  return hm.format(d);
}

export function formatDateTime(t: number, withYear = false): string {
  return (withYear ? fullYear : full).format(new Date(t));
}

/** "Nov 21, 14:05 – 14:10": one bucket of a series. */
export function formatBucket(t: number, stepMs: number): string {
  const end = t + stepMs;
  const sameDay = new Date(t).toDateString() === new Date(end - 1).toDateString();
  return `${full.format(new Date(t))} – ${sameDay ? hm.format(new Date(end)) : full.format(new Date(end))}`;
}

export function timeZoneName(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "local time";
  const offset = -new Date().getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "−";
  const h = Math.floor(Math.abs(offset) / 60);
  const m = Math.abs(offset) % 60;
  return `${zone} (UTC${sign}${h}${m ? `:${String(m).padStart(2, "0")}` : ""})`;
}
