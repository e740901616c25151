// A backend's one status, from everything that knows about it: its traffic (the 5xx share over
// the last few minutes), the alert rules firing for it, and its probes. Traffic and rules come
// first because they are what users get; a probe can pass on a health URL while every real
// request fails. A probe with no result for `staleIntervals` of its intervals says nothing about
// now: it is stale, never counted healthy.
import { isStoredHealth } from "@/lib/observations/health-state";
import type { BackendStatus } from "@/lib/backends/schemas";

export interface StatusSettings {
  /** The traffic window, e.g. 5 minutes. */
  windowMs: number;
  /** 5xx share above which traffic calls the backend failing, e.g. 0.05. */
  errorShare: number;
  /** Fewer requests than this in the window say nothing either way. */
  minRequests: number;
  /** A probe without a result for this many intervals is stale. */
  staleIntervals: number;
}

export const DEFAULT_STATUS_SETTINGS: StatusSettings = { windowMs: 5 * 60_000, errorShare: 0.05, minRequests: 20, staleIntervals: 3 };

export interface StatusProbe {
  enabled: boolean;
  health: string;
  intervalMs: number;
  createdAt: Date;
  /** The stored result JSON (`at` in epoch ms), null before the first check. */
  lastResult: unknown;
}

export interface StatusTraffic {
  requests: number;
  errors5xx: number;
}

export interface FiringRule {
  rule: string;
  reason: string | null;
}

export interface StatusInput {
  probes: StatusProbe[];
  traffic: StatusTraffic;
  firing: FiringRule[];
  nowMs: number;
}

export interface DerivedStatus {
  status: BackendStatus;
  statusReason: string;
}

function lastResultAt(p: StatusProbe): number | null {
  const raw = p.lastResult;
  if (typeof raw !== "object" || raw === null) return null;
  const at = (raw as { at?: unknown }).at;
  return typeof at === "number" && Number.isFinite(at) ? at : null;
}

/** True when an enabled probe has had no result (or none since it was made) for `staleIntervals` intervals. */
export function isProbeStale(p: StatusProbe, nowMs: number, settings: Pick<StatusSettings, "staleIntervals"> = DEFAULT_STATUS_SETTINGS): boolean {
  if (!p.enabled) return false;
  const since = lastResultAt(p) ?? p.createdAt.getTime();
  return nowMs - since > settings.staleIntervals * p.intervalMs;
}

// One formatter for every backend's sentence (toLocaleString makes a new one per call); same output.
const number = new Intl.NumberFormat("en-US");
const pct = (r: number) => `${number.format(Math.round(r * 1000) / 10)} %`;
const count = (n: number) => number.format(n);
const minutes = (ms: number) => `${Math.round(ms / 60_000)} minute${Math.round(ms / 60_000) === 1 ? "" : "s"}`;

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} minutes`;
  if (s < 172_800) return `${Math.round(s / 3600)} hours`;
  return `${Math.round(s / 86_400)} days`;
}

function trafficSentence(t: StatusTraffic, s: StatusSettings): string {
  const window = `the last ${minutes(s.windowMs)}`;
  if (t.requests === 0) return `no traffic in ${window}`;
  const share = t.errors5xx / t.requests;
  return `${pct(share)} 5xx of ${count(t.requests)} requests in ${window}`;
}

/** The one status of a backend and the sentence that says what it came from. */
export function deriveBackendStatus(input: StatusInput, settings: StatusSettings = DEFAULT_STATUS_SETTINGS): DerivedStatus {
  const { traffic, firing, nowMs } = input;
  const enabled = input.probes.filter((p) => p.enabled);
  const stale = enabled.filter((p) => isProbeStale(p, nowMs, settings));
  const fresh = enabled.filter((p) => !stale.includes(p));
  const health = (p: StatusProbe) => (isStoredHealth(p.health) ? p.health : "unknown");
  const sick = fresh.filter((p) => health(p) === "sick");
  const healthy = fresh.filter((p) => health(p) === "healthy");
  const enough = traffic.requests >= settings.minRequests;
  const share = traffic.requests > 0 ? traffic.errors5xx / traffic.requests : 0;
  const trafficFails = enough && share > settings.errorShare;
  const probeNote = sick.length > 0 ? "; its probe also fails" : "";

  if (trafficFails) {
    return {
      status: "failing",
      statusReason: `Failing by its traffic: ${trafficSentence(traffic, settings)} (above ${pct(settings.errorShare)})${firing.length > 0 ? `; alert "${firing[0]!.rule}" is firing` : ""}${probeNote}.`,
    };
  }
  if (firing.length > 0) {
    const names = firing.map((f) => `"${f.rule}"`).join(", ");
    const why = firing[0]!.reason ? ` (${firing[0]!.reason})` : "";
    return { status: "failing", statusReason: `Failing by alert rule${firing.length > 1 ? "s" : ""} ${names} firing${why}${probeNote}.` };
  }
  const trafficNote = enough ? `; traffic: ${trafficSentence(traffic, settings)}` : traffic.requests > 0 ? `; too little traffic to judge (${trafficSentence(traffic, settings)})` : "";
  if (sick.length > 0) {
    return { status: "sick", statusReason: `Sick by its probe: ${sick.length} of ${enabled.length} probe${enabled.length === 1 ? "" : "s"} failing their checks${trafficNote}.` };
  }
  if (stale.length > 0) {
    const newest = stale.map((p) => lastResultAt(p)).reduce<number | null>((a, b) => (b !== null && (a === null || b > a) ? b : a), null);
    const since = newest === null ? "no result since it was created" : `last result ${ago(nowMs - newest)} ago`;
    return {
      status: "stale",
      statusReason: `Stale: ${stale.length === 1 ? "its probe has" : `${stale.length} probes have`} not reported for ${settings.staleIntervals} intervals (${since})${trafficNote}.`,
    };
  }
  if (healthy.length > 0) {
    return { status: "healthy", statusReason: `Healthy: ${healthy.length === 1 ? "its probe passes" : `${healthy.length} probes pass`}${trafficNote}.` };
  }
  if (enough) {
    const probes = enabled.length === 0 ? "no probe" : "its probe has no verdict yet";
    return { status: "healthy", statusReason: `Healthy by its traffic: ${trafficSentence(traffic, settings)} (${probes}).` };
  }
  const probes = enabled.length === 0 ? "No probe" : "Its probe has no verdict yet";
  return {
    status: "unknown",
    statusReason: `${probes}, and ${traffic.requests === 0 ? `no traffic in the last ${minutes(settings.windowMs)}` : `only ${count(traffic.requests)} requests in the last ${minutes(settings.windowMs)} (${settings.minRequests} needed to judge)`}.`,
  };
}
