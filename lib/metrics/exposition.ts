// Prometheus text exposition format 0.0.4: one HELP and TYPE line per family, then its samples.
// Pure: the route gathers the values, this writes them. Label values are escaped as the format
// asks (backslash, double quote, newline); HELP text escapes backslash and newline.
export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export type MetricType = "counter" | "gauge" | "histogram";
export type Labels = Record<string, string>;

export interface Sample {
  /** Appended to the family name: "_bucket", "_sum", "_count" for histograms, else "". */
  suffix?: string;
  labels: Labels;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const escapeLabelValue = (v: string): string => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const escapeHelp = (v: string): string => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return "";
  for (const [k] of entries) if (!LABEL.test(k) || k.startsWith("__")) throw new Error(`metrics: bad label name ${k}`);
  return `{${entries.map(([k, v]) => `${k}="${escapeLabelValue(v)}"`).join(",")}}`;
}

export function renderExposition(families: MetricFamily[]): string {
  const out: string[] = [];
  for (const f of families) {
    if (!NAME.test(f.name)) throw new Error(`metrics: bad metric name ${f.name}`);
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) out.push(`${f.name}${s.suffix ?? ""}${labelText(s.labels)} ${formatValue(s.value)}`);
  }
  return out.join("\n") + "\n";
}

/** Latency bounds (seconds) the histograms expose: a few, as Prometheus' defaults, up to a minute. */
export const LATENCY_LE_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

/** A histogram's samples: cumulative buckets (with +Inf = count), _sum and _count. */
export function histogramSamples(labels: Labels, bucketCounts: readonly number[], les: readonly number[], sum: number, count: number): Sample[] {
  const out: Sample[] = [];
  let cumulative = 0;
  les.forEach((le, i) => {
    cumulative += bucketCounts[i] ?? 0;
    out.push({ suffix: "_bucket", labels: { ...labels, le: formatValue(le) }, value: cumulative });
  });
  out.push({ suffix: "_bucket", labels: { ...labels, le: "+Inf" }, value: count });
  out.push({ suffix: "_sum", labels, value: sum });
  out.push({ suffix: "_count", labels, value: count });
  return out;
}
