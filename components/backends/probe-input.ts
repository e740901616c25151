// The add-probe form's values as API input (POST /api/v1/backends/:id/probes), checked in the
// browser with the same rules the server applies: the kind's config fields and Varnish's
// parameters (threshold <= window, timeout <= interval).
import { ProbeParams, VARNISH_PROBE_DEFAULTS } from "@/lib/observations/health";
import { HttpUrl } from "@/lib/probes/config-fields";
import { ExpectedStatus } from "@/lib/probes/kinds/http-expectations";
import { SERVICE_URLS, isServiceKind, parseServiceUrl } from "@/lib/probes/service/url";
import type { ProbeKindId } from "@/lib/probes/types";
import type { FieldErrors } from "@/components/forms/validate";
import { durationInput, formatDuration, parseDuration } from "@/components/backends/format";

/** Input names; server messages for deeper paths (config.expectedStatus.0) fold onto these. */
export const PROBE_INPUTS = [
  "kind",
  "config.url",
  "config.method",
  "config.expectedStatus",
  "config.bodyMatch",
  "config.host",
  "config.port",
  "intervalMs",
  "timeoutMs",
  "window",
  "threshold",
  "initial",
] as const;

export const PROBE_DEFAULT_INPUTS = {
  intervalMs: durationInput(VARNISH_PROBE_DEFAULTS.intervalMs),
  timeoutMs: durationInput(VARNISH_PROBE_DEFAULTS.timeoutMs),
  window: String(VARNISH_PROBE_DEFAULTS.window),
  threshold: String(VARNISH_PROBE_DEFAULTS.threshold),
  initial: String(VARNISH_PROBE_DEFAULTS.initial),
  expectedStatus: String(VARNISH_PROBE_DEFAULTS.expectedStatus),
};

export interface ProbeInput {
  kind: ProbeKindId;
  config: Record<string, unknown>;
  intervalMs: number;
  timeoutMs: number;
  window: number;
  threshold: number;
  initial: number;
}

/** Puts each message under the input it is about: the longest input name that prefixes its path. */
export function foldFields(fields: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [path, message] of Object.entries(fields)) {
    const input = PROBE_INPUTS.filter((n) => path === n || path.startsWith(`${n}.`)).sort((a, b) => b.length - a.length)[0];
    const key = input ?? (path.startsWith("config") ? "config.url" : path);
    if (!(key in out)) out[key] = message;
  }
  return out;
}

/** "200", "200-299, 301" -> [200, "200-299", 301]. */
function expectedList(text: string): Array<number | string> {
  return text
    .split(/[,\s]+/)
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function whole(text: string | undefined): number | null {
  const t = (text ?? "").trim();
  return /^\d+$/.test(t) ? Number(t) : null;
}

export function readProbeForm(kind: ProbeKindId, v: Record<string, string>): { ok: true; data: ProbeInput } | { ok: false; fields: FieldErrors } {
  const fields: FieldErrors = {};
  const config: Record<string, unknown> = {};

  if (kind === "tcp") {
    const host = (v["config.host"] ?? "").trim();
    const port = whole(v["config.port"]);
    if (!host) fields["config.host"] = "Enter the host name or IP address to connect to.";
    else config.host = host;
    if (port === null || port < 1 || port > 65535) fields["config.port"] = "Enter a port, 1-65535.";
    else config.port = port;
  } else if (isServiceKind(kind)) {
    const raw = (v["config.url"] ?? "").trim();
    const { schemes, port } = SERVICE_URLS[kind];
    const parsed = parseServiceUrl(raw, schemes, port);
    if (!parsed.ok) fields["config.url"] = raw ? parsed.reason : "Enter the connection URL.";
    else config.url = raw;
  } else {
    const url = HttpUrl.safeParse(v["config.url"] ?? "");
    if (!url.success) fields["config.url"] = (v["config.url"] ?? "").trim() ? (url.error.issues[0]?.message ?? "Enter a URL.") : "Enter the URL to check.";
    else config.url = url.data;
  }
  if (kind === "http") {
    config.method = v["config.method"] || "GET";
    const expected = ExpectedStatus.safeParse(expectedList(v["config.expectedStatus"] ?? ""));
    if (!expected.success) fields["config.expectedStatus"] = expected.error.issues[0]?.message ?? "Write statuses such as 200 or 200-299.";
    else config.expectedStatus = expected.data;
    const body = (v["config.bodyMatch"] ?? "").trim();
    if (body) config.bodyMatch = { type: "substring", value: body };
  }

  const interval = parseDuration(v.intervalMs ?? "");
  const timeout = parseDuration(v.timeoutMs ?? "");
  if (!interval.ok || interval.ms === null) fields.intervalMs = interval.ok ? "How often to check, e.g. 5s." : interval.message;
  if (!timeout.ok || timeout.ms === null) fields.timeoutMs = timeout.ok ? "How long one check may take, e.g. 2s." : timeout.message;
  const counts = { window: whole(v.window), threshold: whole(v.threshold), initial: whole(v.initial) };
  for (const key of ["window", "threshold", "initial"] as const) if (counts[key] === null) fields[key] = "Enter a whole number.";

  // The cross-field rules in words (the schema's own messages name API fields).
  if (Object.keys(fields).length === 0 && interval.ok && timeout.ok && interval.ms !== null && timeout.ms !== null) {
    if (timeout.ms > interval.ms) fields.timeoutMs = `Cannot be longer than the interval (${formatDuration(interval.ms)}): a check would overlap the next.`;
    if (counts.threshold! > counts.window!) fields.threshold = `Cannot exceed the window (${counts.window}): the backend could never become healthy.`;
    if (counts.initial! > counts.window!) fields.initial = `Cannot exceed the window (${counts.window}).`;
  }
  if (Object.keys(fields).length === 0) {
    const params = ProbeParams.safeParse({
      intervalMs: interval.ok ? interval.ms : undefined,
      timeoutMs: timeout.ok ? timeout.ms : undefined,
      window: counts.window,
      threshold: counts.threshold,
      initial: counts.initial,
    });
    if (!params.success) {
      for (const issue of params.error.issues) fields[String(issue.path[0] ?? "window")] ??= issue.message;
    } else {
      return { ok: true, data: { kind, config, ...params.data } };
    }
  }
  return { ok: false, fields };
}
