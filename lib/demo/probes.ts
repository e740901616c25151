// The demo backends' health checks over the day, agreeing with their traffic: refused while the
// search origin is down (so its register tips to sick, then back), a slow first byte on the api
// during its timeouts, a slower shop while its cache refills. Results have the shape the real
// HTTP probe returns (lib/probes/kinds/http.ts), messages included.
import type { ProbeRun } from "@/lib/observations/probes";
import type { ProbeResult } from "@/lib/probes/types";
import { DemoRandom } from "@/lib/demo/random";
import { apiTimeoutIntensity, searchDown, shopCacheState, type DemoBackendDef, type DemoTimeline } from "@/lib/demo/scenario";

/**
 * Varnish's defaults (DOMAIN.md: 2 s to answer, healthy while 3 of the last 8 passed), but a check
 * every 10 s rather than 5 s: a day of results is then 43,200 rows, which keeps loading the demo
 * within a few seconds on the embedded database.
 */
export const DEMO_PROBE = { intervalMs: 10_000, timeoutMs: 2_000 } as const;

/** The health endpoint's own usual time to first byte, per backend. */
const HEALTH_ENDPOINT_MS: Record<string, number> = { shop: 24, media: 2, api: 12, search: 7, accounts: 5 };

export interface DemoProbe {
  id: string;
  backend: DemoBackendDef;
}

function check(p: DemoProbe, t: DemoTimeline, at: number, rng: DemoRandom): ProbeResult {
  const b = p.backend;
  if (b.name === "search" && searchDown(t, at)) {
    return { ok: false, at, durationMs: rng.between(0.3, 1.2), errorClass: "connect_refused", message: `Connection refused by ${b.address}` };
  }
  let firstByteMedian = HEALTH_ENDPOINT_MS[b.name] ?? 10;
  if (b.name === "api") {
    // The health endpoint touches the same locked tables: slow, sometimes past the probe's timeout.
    const x = apiTimeoutIntensity(t, at);
    firstByteMedian *= 1 + 110 * x * x;
  } else if (b.name === "shop") {
    firstByteMedian *= shopCacheState(t, b.hitRatio ?? 0, at).slowdown;
  }
  const connectMs = rng.logNormal(0.6, 0.3);
  const firstByteMs = rng.logNormal(firstByteMedian, 0.35);
  if (connectMs + firstByteMs >= DEMO_PROBE.timeoutMs) {
    return {
      ok: false,
      at,
      durationMs: DEMO_PROBE.timeoutMs + rng.between(0.5, 3),
      errorClass: "backend_timeout",
      message: `No response headers from ${b.address} within ${DEMO_PROBE.timeoutMs} ms`,
      phases: { connectMs },
    };
  }
  const totalMs = connectMs + firstByteMs + rng.between(0.05, 0.4);
  return { ok: true, at, durationMs: totalMs, status: 200, phases: { connectMs, firstByteMs, totalMs } };
}

/** Every probe's results over the timeline, oldest first (the health register needs that order). */
export function demoProbeRuns(t: DemoTimeline, probes: DemoProbe[], seed: number): ProbeRun[] {
  const rng = new DemoRandom(seed ^ 0x9e3779b9);
  // Each probe keeps its own phase within the interval, as the scheduler's first-run jitter does.
  const offsets = probes.map((_, i) => Math.round(((i + 0.37) * DEMO_PROBE.intervalMs) / probes.length));
  const runs: ProbeRun[] = [];
  for (let slot = t.startMs; slot < t.endMs; slot += DEMO_PROBE.intervalMs) {
    probes.forEach((p, i) => {
      const at = slot + offsets[i]! + rng.int(0, 40);
      if (at < t.endMs) runs.push({ probeId: p.id, result: check(p, t, at, rng) });
    });
  }
  return runs;
}
