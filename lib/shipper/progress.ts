// What the shipper tells people: a one-line progress display for a terminal, a periodic line for
// logs (following), and the summary at the end. Pure formatting, plus a rate meter.
import type { ShipStats } from "@/lib/shipper/shipper";

const n = (value: number) => value.toLocaleString("en-US");
const plural = (count: number, word: string, many = `${word}s`) => `${n(count)} ${count === 1 ? word : many}`;

/** Lines per second over the last few samples. */
export class RateMeter {
  private samples: { at: number; total: number }[] = [];
  constructor(private readonly windowMs = 5000) {}

  sample(at: number, total: number): number {
    this.samples.push({ at, total });
    while (this.samples.length > 2 && at - this.samples[0]!.at > this.windowMs) this.samples.shift();
    const first = this.samples[0]!;
    const span = at - first.at;
    return span > 0 ? ((total - first.total) * 1000) / span : 0;
  }
}

/** `1,234 lines/s, sent 10,000, accepted 9,990, rejected 10, retries 2`. */
export function progressLine(stats: ShipStats, linesPerSecond: number): string {
  return [
    `${n(Math.round(linesPerSecond))} lines/s`,
    `sent ${n(stats.linesSent)}`,
    `accepted ${n(stats.accepted)}`,
    `rejected ${n(stats.rejected)}`,
    `retries ${n(stats.retries)}`,
    ...(stats.undeliveredLines ? [`NOT delivered ${n(stats.undeliveredLines)}`] : []),
  ].join(", ");
}

/** The result, for stdout: what was sent and the server's verdict. */
export function summaryLines(stats: ShipStats): string[] {
  const lines = [
    `Sent ${plural(stats.linesSent, "line")} in ${plural(stats.batches, "request")}: ${n(stats.accepted)} accepted, ${n(stats.rejected)} rejected` +
      (stats.retries ? ` (${plural(stats.retries, "retry", "retries")})` : "") +
      ".",
  ];
  if (stats.duplicates) {
    lines.push(`${plural(stats.duplicates, "batch", "batches")} had already been counted (a retry or an earlier run sent the same lines); the server did not count them again.`);
  }
  if (stats.blankLines) lines.push(`${plural(stats.blankLines, "blank line")} skipped.`);
  if (stats.cutLines) lines.push(`${plural(stats.cutLines, "line")} longer than a whole batch ${stats.cutLines === 1 ? "was" : "were"} sent in pieces.`);
  return lines;
}
