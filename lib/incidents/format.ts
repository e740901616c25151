// The product's words for durations and shares, shared by the timeline, pages and exports.

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  return rest === 0 ? `${h} h` : `${h} h ${rest} min`;
}

/** A fraction (0..1) as a whole percentage: 0.714 -> "71 %". */
export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}
