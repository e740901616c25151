// The timeout and health-check advisor: the proxy's settings for one backend held against what the
// backend did over the period (its request latency histogram from the rollups, its probes' check
// latency histogram). Pure: callers load the numbers (lib/advisor/load.ts). Each finding names the
// setting, what to write instead in the proxy's own syntax, and how much traffic it would have
// saved, computed from the histograms. Histogram resolution is ±5 % (lib/rollups/histogram.ts).
import { bucketBounds, histogramCount, quantile, type Histogram } from "@/lib/rollups/histogram";
import { duration, firstByteTimeout, probeTimeout, tolerance, type ProxyDialect } from "./syntax";

export type FindingKind = "timeout_cuts_tail" | "timeout_too_long" | "probe_timeout_below_p99" | "sick_on_one_check";

export interface AdvisorInput {
  backendId: string;
  backendName: string;
  dialect: ProxyDialect;
  /** nginx: which X_read_timeout applies (proxy, fastcgi, ...). */
  nginxModule?: string;
  firstByteTimeoutMs: number | null;
  /** The proxy's own health check as imported (Varnish vocabulary; HAProxy's fall/rise, nginx's max_fails kept too). */
  probe: { intervalMs: number; timeoutMs: number; window: number; threshold: number; fall?: number; maxFails?: number } | null;
  /** Request latency (time to first byte) over the period. */
  requestLatency: Histogram;
  /** The backend's probe check latency over the period (failures included). */
  probeLatency: Histogram;
  periodDays: number;
}

export interface Finding {
  backendId: string;
  backendName: string;
  kind: FindingKind;
  severity: "warning" | "critical";
  /** The setting in the proxy's own name, e.g. "first_byte_timeout". */
  setting: string;
  current: string;
  /** What to write instead, e.g. ".first_byte_timeout = 3s;". */
  change: string;
  message: string;
  /** Requests (or checks, for probe findings) the change would have saved over the period. */
  saved: { count: number; share: number; unit: "requests" | "checks" };
}

/** A tail this thin (0.1 %) is noise, not a setting to change. */
const MIN_TAIL_SHARE = 0.001;
/** A 503 after this long is a user staring at a spinner for a minute. */
const LONG_TIMEOUT_MS = 60_000;

/** Count in buckets that start at or above `ms` (so the answer errs towards fewer). */
export function countAtOrAbove(h: Histogram, ms: number): number {
  let n = 0;
  for (let i = 0; i < h.length; i++) if (bucketBounds(i)[0] >= ms) n += h[i] ?? 0;
  return n;
}

/** A timeout with room above a latency: 1.5x, rounded up to a whole second (or 100 ms below 1 s). */
export function roomyTimeout(latencyMs: number): number {
  const ms = latencyMs * 1.5;
  return ms < 1000 ? Math.ceil(ms / 100) * 100 : Math.ceil(ms / 1000) * 1000;
}

const percent = (share: number) => `${share < 0.1 ? Math.round(share * 1000) / 10 : Math.round(share * 100)} %`;
const percentOf = (share: number) => `${Math.round(share * 1000) / 10} %`;

export function adviseBackend(input: AdvisorInput): Finding[] {
  const findings: Finding[] = [];
  const base = { backendId: input.backendId, backendName: input.backendName };
  const requests = histogramCount(input.requestLatency);
  const timeout = input.firstByteTimeoutMs;

  if (timeout !== null && requests > 0) {
    // Requests the timeout cut show up at (about) the timeout itself: count from 90 % of it.
    const near = countAtOrAbove(input.requestLatency, timeout * 0.9);
    const share = near / requests;
    const p999 = quantile(input.requestLatency, 0.999) ?? 0;
    if (share >= MIN_TAIL_SHARE) {
      // What the rest of the tail needs: above the 99.9th percentile of what did not hit the timeout.
      const suggested = Math.max(roomyTimeout(Math.min(p999, timeout)), timeout * 2);
      const spelled = firstByteTimeout(input.dialect, suggested, input.nginxModule);
      findings.push({
        ...base,
        kind: "timeout_cuts_tail",
        severity: share >= 0.01 ? "critical" : "warning",
        setting: spelled.setting,
        current: duration(timeout),
        change: spelled.change,
        message: `${spelled.setting} ${duration(timeout)}; ${percentOf(share)} of requests took longer than ${duration(Math.round(timeout * 0.9))} over ${input.periodDays} days`,
        saved: { count: near, share, unit: "requests" },
      });
    } else if (timeout >= LONG_TIMEOUT_MS && p999 > 0 && p999 * 10 < timeout) {
      const suggested = Math.max(roomyTimeout(p999 * 2), 5_000);
      const spelled = firstByteTimeout(input.dialect, suggested, input.nginxModule);
      // Requests that would have failed sooner rather than waited: those beyond the new timeout.
      const slow = countAtOrAbove(input.requestLatency, suggested);
      findings.push({
        ...base,
        kind: "timeout_too_long",
        severity: "warning",
        setting: spelled.setting,
        current: duration(timeout),
        change: spelled.change,
        message: `${spelled.setting} ${duration(timeout)}: a dead backend keeps users waiting ${duration(timeout)} for a 503, while 99.9 % of requests answered within ${duration(Math.round(p999))}`,
        saved: { count: slow, share: slow / requests, unit: "requests" },
      });
    }
  }

  const checks = histogramCount(input.probeLatency);
  const probe = input.probe;
  if (probe && checks > 0) {
    const p99 = quantile(input.probeLatency, 0.99) ?? 0;
    const slowChecks = countAtOrAbove(input.probeLatency, probe.timeoutMs * 0.9);
    if (p99 >= probe.timeoutMs * 0.9) {
      const suggested = roomyTimeout(p99);
      const spelled = probeTimeout(input.dialect, suggested);
      // A check may not outlast its interval: say so when the new timeout needs a longer one.
      const interval = suggested > probe.intervalMs ? `; the interval (${duration(probe.intervalMs)}) must grow to at least ${duration(suggested)} too` : "";
      findings.push({
        ...base,
        kind: "probe_timeout_below_p99",
        severity: "warning",
        setting: spelled.setting,
        current: duration(probe.timeoutMs),
        change: spelled.change,
        message: `probe timeout ${duration(probe.timeoutMs)} is shorter than the probe's own p99 (${duration(Math.round(p99))}); ${percent(slowChecks / checks)} of checks timed out${interval}`,
        saved: { count: slowChecks, share: slowChecks / checks, unit: "checks" },
      });
    }
    const oneCheckTrips = probe.window - probe.threshold < 1 || probe.fall === 1 || probe.maxFails === 1;
    if (oneCheckTrips && slowChecks > 0) {
      const spelled = tolerance(input.dialect, probe);
      const current = input.dialect === "haproxy" ? `fall ${probe.fall ?? 1}` : input.dialect === "nginx" ? `max_fails=${probe.maxFails ?? 1}` : `.window = ${probe.window}; .threshold = ${probe.threshold};`;
      findings.push({
        ...base,
        kind: "sick_on_one_check",
        severity: "critical",
        setting: spelled.setting,
        current,
        change: spelled.change,
        message: `${current}: a single slow check marks ${input.backendName} sick, and ${slowChecks} of ${checks} checks were that slow over ${input.periodDays} days`,
        saved: { count: slowChecks, share: slowChecks / checks, unit: "checks" },
      });
    }
  }
  return findings;
}
