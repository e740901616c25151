// capacity: a signal from the capacity probes (lib/probes/kinds: PHP-FPM, nginx stub_status,
// varnishstat, HAProxy stats) above a value: the highest reading within the window counts.
import { z } from "zod";
import { WindowDuration, formatDuration } from "@/lib/alerts/durations";
import { Threshold } from "@/lib/alerts/kinds/common";
import type { RuleKind } from "@/lib/alerts/kinds/types";

/**
 * Signals worth alerting on, by probe kind (counter deltas end in ".delta": growth since the
 * previous check). Other numeric signals (e.g. HAProxy "backend/server.qcur") work as well.
 */
export const CAPACITY_SIGNALS = {
  phpfpm: ["listen_queue", "max_children_reached.delta", "active_processes", "slow_requests.delta"],
  nginx_status: ["active", "dropped", "waiting"],
  varnish_stats: ["MAIN.backend_busy.delta", "MAIN.threads_limited.delta", "MAIN.sess_dropped.delta", "MAIN.backend_fail.delta"],
  haproxy_stats: ["queued", "servers_down"],
  // Database and cache probes (issue #16): what sits behind the origin.
  postgres: ["lockWaits", "longQueries", "connectionsUsedPercent", "replicationLagSeconds"],
  mysql: ["lockWaits", "longQueries", "threadsRunning", "connectionsUsedPercent"],
  redis: ["blockedClients", "memoryUsedPercent", "evictionsPerSecond", "rejected_connections.delta"],
  memcached: ["connectionsUsedPercent", "evictionsPerSecond", "listen_disabled_num.delta"],
} as const;
export const CAPACITY_PROBE_KINDS = Object.keys(CAPACITY_SIGNALS) as (keyof typeof CAPACITY_SIGNALS)[];

export const CapacityConfig = z
  .object({
    signal: z
      .string("signal must be text, such as \"listen_queue\"")
      .regex(/^[\w.:/@-]{1,200}$/, 'signal must be a capacity-probe signal name such as "listen_queue" or "MAIN.backend_busy.delta".'),
    probeKind: z.enum(CAPACITY_PROBE_KINDS, `probeKind must be one of ${CAPACITY_PROBE_KINDS.join(", ")}`).optional(),
    above: Threshold("above"),
    // Raw probe results are read, so keep it short: a day at most.
    window: WindowDuration("window")
      .refine((s) => s <= 86_400, "window can be at most 1d for capacity signals.")
      .default(300),
  })
  .strict();
export type CapacityConfig = z.input<typeof CapacityConfig>;
type Parsed = z.infer<typeof CapacityConfig>;

export const capacityKind: RuleKind<Parsed> = {
  id: "capacity",
  configSchema: CapacityConfig,
  needs: (c) => ({ windows: [], maps: [], capacityWindow: c.window, instancesFrom: "probes" }),
  evaluate(c, data, now) {
    const from = now - c.window * 1000;
    const readings = data.capacity
      .filter((s) => s.at > from && s.at <= now && (c.probeKind === undefined || s.probeKind === c.probeKind))
      .map((s) => s.signals[c.signal])
      .filter((v): v is number => typeof v === "number" && Number.isFinite(v));
    if (readings.length === 0) return { kind: "nodata", reason: `no capacity probe reported ${c.signal} in the last ${formatDuration(c.window)}` };
    const value = Math.max(...readings);
    return { kind: "result", condition: value > c.above, value, threshold: c.above };
  },
};
