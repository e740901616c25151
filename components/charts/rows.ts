// Series answers -> the rows Recharts draws. Values sit under index keys (v0, v1, ...) because
// series keys are backend names, which may hold dots that Recharts would read as paths.
import type { SeriesAnswer } from "@/lib/rollups/schemas";

export type ChartRow = { t: number } & { [key: `v${number}`]: number | null };

export const valueKey = (i: number): `v${number}` => `v${i}`;

/** The bucket starts of an answer: every series of one answer shares them. */
export function timeGrid(answer: Pick<SeriesAnswer, "from" | "to" | "stepMs">): number[] {
  const out: number[] = [];
  const from = Date.parse(answer.from);
  const to = Date.parse(answer.to);
  for (let t = from; t < to; t += answer.stepMs) out.push(t);
  return out;
}

/**
 * One row per bucket of `grid`, one value per entry of `lines` (each a list of points, possibly
 * from different answers over the same range); `map` turns a raw value into the plotted one.
 */
export function toRows(
  grid: number[],
  lines: Array<Array<[number, number | null]>>,
  map: (v: number, t: number) => number | null = (v) => v,
): ChartRow[] {
  const lookups = lines.map((points) => new Map(points));
  return grid.map((t) => {
    const row: ChartRow = { t };
    lookups.forEach((m, i) => {
      const v = m.get(t);
      row[valueKey(i)] = v === undefined || v === null ? null : map(v, t);
    });
    return row;
  });
}

/**
 * Counts per bucket -> per minute. The newest bucket is still filling: divide it by the time it
 * has had (at least a minute), so the line does not seem to drop off a cliff at "now".
 */
export function perMinute(stepMs: number, readAt: number): (v: number, t: number) => number {
  return (v, t) => {
    const covered = Math.min(stepMs, Math.max(readAt - t, Math.min(stepMs, 60_000)));
    return v / (covered / 60_000);
  };
}

/** A still-filling bucket younger than this share of its step (and than 15 s) is not drawn. */
const PARTIAL_MIN_SHARE = 0.25;

/**
 * Counts per bucket -> per minute, for drawing: the newest bucket is scaled by the time it has had
 * (also under a minute, where perMinute counts a whole one and the line plunged at "now"), and left
 * out (null) while it has had less than a quarter of its step (or 15 s): a few seconds of lines,
 * which the shippers have not all sent yet, would plunge or, scaled up, jump at the right edge.
 */
export function drawnPerMinute(stepMs: number, readAt: number): (v: number, t: number) => number | null {
  const scale = perMinute(stepMs, readAt);
  return (v, t) => {
    const covered = readAt - t;
    if (covered >= stepMs) return scale(v, t);
    if (covered < Math.max(PARTIAL_MIN_SHARE * stepMs, 15_000)) return null;
    // Scaled by the time it has had, under a minute too (perMinute counts at least a minute).
    return v / (covered / 60_000);
  };
}

/** The raw value of line `i` at time `t`, for tooltips that show counts behind a rate. */
export function rawLookup(lines: Array<Array<[number, number | null]>>): (i: number, t: number) => number | null {
  const maps = lines.map((points) => new Map(points));
  return (i, t) => maps[i]?.get(t) ?? null;
}
