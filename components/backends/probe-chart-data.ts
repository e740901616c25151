// Probe results -> chart rows: one row per check, or (more checks than fit) the mean of each
// phase per time bucket, with empty buckets as gaps. A row also carries its failures by error
// class, drawn as markers at the row's total time. Pure, so it can be tested without a browser.
import type { ProbeResultView } from "@/lib/backends/probe-schemas";

export const PHASES = ["dnsMs", "connectMs", "tlsMs", "firstByteMs", "restMs"] as const;
export type Phase = (typeof PHASES)[number];

export interface RowFailure {
  errorClass: string;
  count: number;
  /** Of the slowest failed check of this class in the row. */
  status: number | null;
  message: string | null;
}

export interface PhaseRow {
  t: number;
  /** Null in an empty bucket: the areas break there instead of bridging the gap. */
  dnsMs: number | null;
  connectMs: number | null;
  tlsMs: number | null;
  firstByteMs: number | null;
  /** What the four phases do not explain: reading the body, redirects. */
  restMs: number | null;
  totalMs: number | null;
  checks: number;
  failed: RowFailure[];
  /** Error class -> where its marker sits (the slowest such failure's total time). */
  marks: Record<string, number>;
}

export interface ProbeChartData {
  rows: PhaseRow[];
  /** Error classes present, in name order. */
  classes: string[];
  /** Null when every check has its own row. */
  bucketMs: number | null;
}

const NICE_STEPS = [10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000];

export function totalOf(r: ProbeResultView): number {
  return r.phases?.totalMs ?? r.durationMs;
}

function phasesOf(r: ProbeResultView): Record<Phase, number> {
  const p = r.phases ?? {};
  const dnsMs = p.dnsMs ?? 0;
  const connectMs = p.connectMs ?? 0;
  const tlsMs = p.tlsMs ?? 0;
  const firstByteMs = p.firstByteMs ?? 0;
  const restMs = Math.max(0, totalOf(r) - dnsMs - connectMs - tlsMs - firstByteMs);
  return { dnsMs, connectMs, tlsMs, firstByteMs, restMs };
}

/** One row out of the checks that fall in it: phases averaged, failures grouped by class. */
function rowOf(t: number, checks: ProbeResultView[]): PhaseRow {
  const sum: Record<Phase, number> = { dnsMs: 0, connectMs: 0, tlsMs: 0, firstByteMs: 0, restMs: 0 };
  const byClass = new Map<string, ProbeResultView[]>();
  for (const r of checks) {
    const p = phasesOf(r);
    for (const k of PHASES) sum[k] += p[k];
    if (!r.ok) {
      const cls = r.errorClass ?? "failed";
      const list = byClass.get(cls);
      if (list) list.push(r);
      else byClass.set(cls, [r]);
    }
  }
  const mean = (k: Phase) => sum[k] / checks.length;
  const failed: RowFailure[] = [];
  const marks: Record<string, number> = {};
  for (const [errorClass, rs] of byClass) {
    const slowest = rs.reduce((a, b) => (totalOf(b) > totalOf(a) ? b : a));
    failed.push({ errorClass, count: rs.length, status: slowest.status, message: slowest.message });
    marks[errorClass] = totalOf(slowest);
  }
  const phases = { dnsMs: mean("dnsMs"), connectMs: mean("connectMs"), tlsMs: mean("tlsMs"), firstByteMs: mean("firstByteMs"), restMs: mean("restMs") };
  return { t, ...phases, totalMs: PHASES.reduce((s, k) => s + phases[k], 0), checks: checks.length, failed, marks };
}

export function probeChartData(results: ProbeResultView[], from: number, to: number, maxRows = 360): ProbeChartData {
  const classes = [...new Set(results.filter((r) => !r.ok).map((r) => r.errorClass ?? "failed"))].sort();
  if (results.length <= maxRows) {
    return { rows: results.map((r) => rowOf(Date.parse(r.at), [r])), classes, bucketMs: null };
  }
  const bucketMs = NICE_STEPS.find((s) => (to - from) / s <= maxRows) ?? NICE_STEPS[NICE_STEPS.length - 1]!;
  const buckets = new Map<number, ProbeResultView[]>();
  for (const r of results) {
    const b = Math.floor(Date.parse(r.at) / bucketMs) * bucketMs;
    const list = buckets.get(b);
    if (list) list.push(r);
    else buckets.set(b, [r]);
  }
  const rows: PhaseRow[] = [];
  for (let t = Math.floor(from / bucketMs) * bucketMs; t < to; t += bucketMs) {
    const checks = buckets.get(t);
    rows.push(
      checks
        ? rowOf(t, checks)
        : { t, dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: null, restMs: null, totalMs: null, checks: 0, failed: [], marks: {} },
    );
  }
  return { rows, classes, bucketMs };
}
