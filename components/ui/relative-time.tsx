// "3 minutes ago", worked out where the page is rendered against the `now` it is given. Render it
// from server components (with the request's time) so the browser never recomputes it against its
// own clock during hydration; the exact instant is in the title and the datetime attribute.

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

const format = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

export function relativeTime(iso: string, now: Date): string {
  const seconds = Math.round((Date.parse(iso) - now.getTime()) / 1000);
  if (Math.abs(seconds) < 45) return "just now";
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(Math.round(seconds / 60), "minute");
}

export function RelativeTime({ iso, now, fallback = "—" }: { iso: string | null; now: Date; fallback?: string }) {
  if (!iso) return <span className="muted">{fallback}</span>;
  const title = new Date(iso).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
  return (
    <time dateTime={iso} title={title}>
      {relativeTime(iso, now)}
    </time>
  );
}
