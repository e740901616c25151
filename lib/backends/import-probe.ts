// An imported backend's check as one of our probes. http probes need a URL: http:// + the
// backend's address + the probe's path (the Host header only when the config names another
// host); tcp probes connect to host:port. Values our model cannot hold are adjusted with a note
// (interval below 1 s, timeout above the interval) or the probe is skipped with the reason.
import { isAppError } from "@/lib/errors/app-error";
import type { ImportedBackend } from "@/lib/backends/import";
import { checkProbeDefinition, type ProbeDefinition } from "@/lib/backends/probe-input";
import { VARNISH_PROBE_DEFAULTS } from "@/lib/observations/health";

const MIN_INTERVAL_MS = 1_000;
const MIN_TIMEOUT_MS = 100;

export type ImportedProbeOutcome =
  | { kind: "none" }
  | { kind: "skipped"; reason: string }
  | { kind: "probe"; def: ProbeDefinition; adjustments: string[] };

function httpConfig(b: ImportedBackend, probe: NonNullable<ImportedBackend["probe"]>): Record<string, unknown> | string {
  if (b.port === undefined && b.host.startsWith("/")) return "the backend is a unix socket, which an http probe cannot reach";
  const rawPath = probe.path ?? "/";
  const path = rawPath.startsWith("/") ? rawPath : `/${rawPath}`;
  const config: Record<string, unknown> = {
    url: `http://${b.address}${path}`,
    method: (probe.method ?? "GET").toUpperCase(),
    expectedStatus: [probe.expectedStatus ?? VARNISH_PROBE_DEFAULTS.expectedStatus],
  };
  if (probe.host && probe.host !== b.host) config.headers = { Host: probe.host };
  return config;
}

function tcpConfig(b: ImportedBackend): Record<string, unknown> | string {
  if (b.port === undefined) return "the backend has no port for a tcp probe";
  return { host: b.host, port: b.port };
}

export function importedProbe(b: ImportedBackend): ImportedProbeOutcome {
  const probe = b.probe;
  if (!probe) return { kind: "none" };
  const config = probe.kind === "http" ? httpConfig(b, probe) : tcpConfig(b);
  if (typeof config === "string") return { kind: "skipped", reason: config };

  const adjustments: string[] = [];
  let intervalMs = Math.round(probe.intervalMs ?? VARNISH_PROBE_DEFAULTS.intervalMs);
  if (intervalMs < MIN_INTERVAL_MS) {
    adjustments.push(`interval ${intervalMs} ms raised to ${MIN_INTERVAL_MS} ms (the shortest Origin Watch runs)`);
    intervalMs = MIN_INTERVAL_MS;
  }
  let timeoutMs = Math.round(probe.timeoutMs ?? VARNISH_PROBE_DEFAULTS.timeoutMs);
  if (timeoutMs > intervalMs) {
    adjustments.push(`timeout ${timeoutMs} ms lowered to the interval, ${intervalMs} ms (a check never outlives its interval)`);
    timeoutMs = intervalMs;
  } else if (timeoutMs < MIN_TIMEOUT_MS) {
    adjustments.push(`timeout ${timeoutMs} ms raised to ${MIN_TIMEOUT_MS} ms`);
    timeoutMs = MIN_TIMEOUT_MS;
  }
  const params = { intervalMs, timeoutMs, window: probe.window, threshold: probe.threshold, initial: probe.initial };
  try {
    return { kind: "probe", def: checkProbeDefinition(probe.kind, config, params, true), adjustments };
  } catch (e) {
    if (isAppError(e) && e.fields) return { kind: "skipped", reason: e.fields.map((f) => `${f.path}: ${f.message}`).join("; ") };
    throw e;
  }
}
