// Where each horizontal reference line (a proxy timeout) prints its label. Every line keeps its
// label; lines close together on the axis would print them on top of each other, so the labels of
// a close group take different places along the line: right, left, middle, then below the line.

export type LabelPosition = "insideTopRight" | "insideTopLeft" | "insideTop" | "insideBottomRight" | "insideBottomLeft" | "insideBottom";

const SLOTS: LabelPosition[] = ["insideTopRight", "insideTopLeft", "insideTop", "insideBottomRight", "insideBottomLeft", "insideBottom"];

/** Lines nearer than this (decades on a log axis, share of the span on a linear one) count as close. */
const CLOSE_LOG_DECADES = 0.4;
const CLOSE_LINEAR_SHARE = 0.12;

/**
 * Positions for references given in any order (answered in the same order). `span` is the axis'
 * [min, max], used on a linear axis to judge closeness.
 */
export function placeReferenceLabels(ys: number[], scale: "linear" | "log", span: [number, number]): LabelPosition[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const close = (a: number, b: number) =>
    scale === "log" ? a > 0 && b > 0 && Math.abs(Math.log10(b / a)) < CLOSE_LOG_DECADES : Math.abs(b - a) < CLOSE_LINEAR_SHARE * Math.max(1e-9, span[1] - span[0]);
  const out: LabelPosition[] = new Array(ys.length);
  let slot = 0;
  let groupStart: number | null = null;
  for (const { y, i } of order) {
    if (groupStart !== null && close(groupStart, y)) slot = (slot + 1) % SLOTS.length;
    else {
      slot = 0;
      groupStart = y;
    }
    out[i] = SLOTS[slot]!;
  }
  return out;
}
