// The rule form's fields per kind, and the conversions between the form's text values and a rule
// input as POST /api/v1/rules takes it. The server checks everything; these only shape the input
// (numbers as numbers, lists as lists, hidden fields left out) and say what each field means.
import type { RuleKindId } from "@/lib/alerts/kinds/registry";

export interface FieldSpec {
  key: string;
  label: string;
  type: "number" | "text" | "select" | "list";
  options?: string[];
  hint?: string;
  /** The value a new rule starts with. */
  initial?: string;
  /** Shown (and sent) only when this holds for the current values. */
  when?: (values: Record<string, string>) => boolean;
}

const windowField = (initial: string): FieldSpec => ({ key: "window", label: "Window", type: "text", initial, hint: 'Whole minutes, e.g. "5m", "1h".' });
const minRequests: FieldSpec = { key: "minRequests", label: "Minimum requests", type: "number", initial: "20", hint: "Fewer requests in the window are not judged." };
const sick = (v: Record<string, string>) => (v["config.mode"] ?? "sick") === "sick";

export const KIND_LABELS: Record<RuleKindId, string> = {
  error_rate: "Error rate",
  cause_rate: "Cause rate",
  latency: "Latency",
  probe_health: "Probe health",
  capacity: "Capacity signal",
  no_data: "No data",
  burn_rate: "SLO burn rate",
};

export const KIND_FIELDS: Record<RuleKindId, FieldSpec[]> = {
  error_rate: [
    { key: "status", label: "Status", type: "text", initial: "5xx", hint: '"5xx", "503" or one status such as "502".' },
    { key: "above", label: "Above (% of requests)", type: "number", initial: "5" },
    windowField("5m"),
    minRequests,
  ],
  cause_rate: [
    { key: "causes", label: "Causes", type: "list", initial: "backend_timeout", hint: "Cause ids, separated by commas." },
    { key: "above", label: "Above (% of requests)", type: "number", hint: "Give this or a count per minute." },
    { key: "perMinute", label: "Or above (per minute)", type: "number" },
    windowField("5m"),
    minRequests,
  ],
  latency: [
    { key: "percentile", label: "Percentile", type: "select", options: ["p95", "p99"], initial: "p95" },
    { key: "aboveMs", label: "Above (ms)", type: "number", hint: "Give this or a fraction of the timeout." },
    { key: "aboveTimeoutFraction", label: "Or above (fraction of the timeout)", type: "number", initial: "0.8", hint: "0.8 = 80 % of the backend's proxy timeout." },
    { key: "timeout", label: "Timeout", type: "select", options: ["firstByte", "connect", "betweenBytes"], initial: "firstByte" },
    windowField("10m"),
    minRequests,
  ],
  probe_health: [
    { key: "mode", label: "When", type: "select", options: ["sick", "stale"], initial: "sick", hint: "sick: failed checks; stale: no check for a while." },
    { key: "checks", label: "Consecutive failed checks", type: "number", initial: "3", when: sick, hint: "Give this or a duration." },
    { key: "sickFor", label: "Or sick for", type: "text", when: sick, hint: 'e.g. "2m".' },
    { key: "after", label: "No check for", type: "text", initial: "5m", when: (v) => v["config.mode"] === "stale" },
  ],
  capacity: [
    { key: "signal", label: "Signal", type: "text", initial: "listen_queue", hint: 'e.g. "listen_queue", "MAIN.backend_busy.delta", "queued".' },
    { key: "probeKind", label: "Probe kind", type: "select", options: ["", "phpfpm", "nginx_status", "varnish_stats", "haproxy_stats"], initial: "" },
    { key: "above", label: "Above", type: "number", initial: "0" },
    windowField("5m"),
  ],
  no_data: [
    { key: "silentFor", label: "Silent for", type: "text", initial: "15m", hint: "No requests for this long." },
    { key: "lookback", label: "Seen within", type: "text", initial: "7d", hint: "Only backends with traffic this recently count." },
  ],
  burn_rate: [
    { key: "slo", label: "SLO (% of requests without an error)", type: "number", initial: "99.9" },
    { key: "period", label: "SLO period", type: "text", initial: "30d" },
    { key: "errors", label: "Errors", type: "select", options: ["5xx", "503"], initial: "5xx" },
  ],
};

/** Form values (input name -> text) for a new rule of a kind. */
export function initialConfigValues(kind: RuleKindId): Record<string, string> {
  return Object.fromEntries(KIND_FIELDS[kind].map((f) => [`config.${f.key}`, f.initial ?? ""]));
}

/** Form values for a stored config. */
export function configValues(kind: RuleKindId, config: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of KIND_FIELDS[kind]) {
    const v = config[f.key];
    out[`config.${f.key}`] = v === undefined || v === null ? "" : Array.isArray(v) ? v.join(", ") : String(v);
  }
  return out;
}

export const visibleFields = (kind: RuleKindId, values: Record<string, string>): FieldSpec[] =>
  KIND_FIELDS[kind].filter((f) => !f.when || f.when(values));

/** The config object for the visible, filled fields. Unreadable numbers go as text, so the server names them. */
export function configFromValues(kind: RuleKindId, values: Record<string, string>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of visibleFields(kind, values)) {
    const raw = (values[`config.${f.key}`] ?? "").trim();
    if (raw === "") continue;
    if (f.type === "number") out[f.key] = Number.isFinite(Number(raw)) ? Number(raw) : raw;
    else if (f.type === "list") out[f.key] = raw.split(",").map((s) => s.trim()).filter(Boolean);
    else out[f.key] = raw;
  }
  // Fields the form does not show (burn-rate pairs) stay as they were.
  return { ...extra, ...out };
}

export type ScopeKind = "all" | "backend" | "source" | "tag";

export function scopeFromValues(kind: ScopeKind, value: string): Record<string, string> {
  return kind === "all" || value.trim() === "" ? {} : { [kind]: value.trim() };
}

export function scopeValues(scope: { backend?: string; source?: string; tag?: string }): { kind: ScopeKind; value: string } {
  if (scope.backend !== undefined) return { kind: "backend", value: scope.backend };
  if (scope.source !== undefined) return { kind: "source", value: scope.source };
  if (scope.tag !== undefined) return { kind: "tag", value: scope.tag };
  return { kind: "all", value: "" };
}

/** Units of a rule's value and threshold, for "value vs threshold". */
export function valueUnit(kind: string, config: Record<string, unknown>): string {
  if (kind === "error_rate") return "%";
  if (kind === "cause_rate") return config.perMinute !== undefined ? "/min" : "%";
  if (kind === "latency") return " ms";
  if (kind === "burn_rate") return "x";
  if (kind === "no_data") return " s";
  if (kind === "probe_health") return config.checks !== undefined ? " checks" : " s";
  return "";
}

export function describeScope(scope: { backend?: string; source?: string; tag?: string }): string {
  if (scope.backend !== undefined) return `backend ${scope.backend}`;
  if (scope.source !== undefined) return `source ${scope.source}`;
  if (scope.tag !== undefined) return `tag ${scope.tag}`;
  return "every backend";
}
