// nginx stub_status page. Saturation: connections accepted but not handled (the worker_connections
// limit was hit, so nginx dropped them), tracked as a delta between runs.
import type { z } from "zod";
import { StatusPageConfig } from "@/lib/probes/config-fields";
import { DELTA_SUFFIX, addCounters, plural, statusPageProbe, type CapacityParse } from "@/lib/probes/capacity";
import type { ProbeSignals } from "@/lib/probes/types";

export const NginxStatusProbeConfig = StatusPageConfig;
export type NginxStatusProbeConfig = z.output<typeof NginxStatusProbeConfig>;

export interface NginxStubStatus {
  active: number;
  accepts: number;
  handled: number;
  requests: number;
  reading: number;
  writing: number;
  waiting: number;
}

// The exact layout ngx_http_stub_status_module prints (the trailing spaces vary by version).
const STUB_STATUS_PATTERN =
  /Active connections:\s*(\d+)\s+server accepts handled requests\s+(\d+)\s+(\d+)\s+(\d+)\s+Reading:\s*(\d+)\s+Writing:\s*(\d+)\s+Waiting:\s*(\d+)/;

export function parseNginxStubStatus(payload: string): { ok: true; status: NginxStubStatus } | { ok: false; reason: string } {
  const match = STUB_STATUS_PATTERN.exec(payload);
  if (!match) return { ok: false, reason: "not an nginx stub_status page" };
  const [active, accepts, handled, requests, reading, writing, waiting] = match.slice(1).map(Number);
  return { ok: true, status: { active, accepts, handled, requests, reading, writing, waiting } };
}

export function interpretNginxStubStatus(payload: string, previous: ProbeSignals | undefined): CapacityParse {
  const parsed = parseNginxStubStatus(payload);
  if (!parsed.ok) return parsed;
  const status = parsed.status;
  const signals: ProbeSignals = {
    active: status.active,
    reading: status.reading,
    writing: status.writing,
    waiting: status.waiting,
    dropped_total: status.accepts - status.handled,
  };
  addCounters(signals, { accepts: status.accepts, handled: status.handled, requests: status.requests }, previous);

  const acceptsDelta = signals["accepts" + DELTA_SUFFIX];
  const handledDelta = signals["handled" + DELTA_SUFFIX];
  const dropped =
    typeof acceptsDelta === "number" && typeof handledDelta === "number" ? Math.max(0, acceptsDelta - handledDelta) : undefined;
  if (dropped !== undefined) signals.dropped = dropped;
  signals.saturated = (dropped ?? 0) > 0;
  return { ok: true, reading: { signals, summary: summarise(status, dropped, signals["requests" + DELTA_SUFFIX]) } };
}

function summarise(status: NginxStubStatus, dropped: number | undefined, requestsDelta: ProbeSignals[string] | undefined): string {
  const connections = `${plural(status.active, "active connection")} (${status.reading} reading, ${status.writing} writing, ${status.waiting} waiting)`;
  if (dropped !== undefined && dropped > 0) {
    return `nginx dropped ${plural(dropped, "connection")} since last probe (worker_connections limit reached); ${connections}`;
  }
  const requests = typeof requestsDelta === "number" ? `; ${plural(requestsDelta, "request")} since last probe` : "";
  return `nginx: ${connections}${requests}`;
}

export const nginxStatusProbe = statusPageProbe({
  id: "nginx_status",
  configSchema: NginxStatusProbeConfig,
  pageName: "nginx stub_status page",
  interpret: interpretNginxStubStatus,
});
