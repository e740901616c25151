// The one place that knows every probe kind. The scheduler calls runProbe with stored config;
// API handlers use configSchemaFor to validate config before saving it.
import type { z } from "zod";
import { shortMessage } from "@/lib/probes/net/classify";
import { failed } from "@/lib/probes/result";
import { PROBE_KIND_IDS, type ProbeContext, type ProbeKind, type ProbeKindId, type ProbeResult } from "@/lib/probes/types";
import { haproxyStatsProbe } from "./haproxy-stats";
import { httpProbe } from "./http";
import { memcachedProbe } from "./memcached";
import { mysqlProbe } from "./mysql";
import { nginxStatusProbe } from "./nginx-status";
import { phpFpmProbe } from "./phpfpm";
import { postgresProbe } from "./postgres";
import { redisProbe } from "./redis";
import { tcpProbe } from "./tcp";
import { varnishStatsProbe } from "./varnish-stats";

export const probeKinds = {
  http: httpProbe,
  tcp: tcpProbe,
  phpfpm: phpFpmProbe,
  nginx_status: nginxStatusProbe,
  varnish_stats: varnishStatsProbe,
  haproxy_stats: haproxyStatsProbe,
  postgres: postgresProbe,
  mysql: mysqlProbe,
  redis: redisProbe,
  memcached: memcachedProbe,
} satisfies Record<ProbeKindId, ProbeKind<unknown>>;

export type ProbeConfigOf<Id extends ProbeKindId> = z.output<(typeof probeKinds)[Id]["configSchema"]>;

export function isProbeKindId(value: unknown): value is ProbeKindId {
  return typeof value === "string" && (PROBE_KIND_IDS as readonly string[]).includes(value);
}

export function getProbeKind(id: ProbeKindId): ProbeKind<unknown> {
  return probeKinds[id];
}

export function configSchemaFor(id: ProbeKindId): z.ZodType<unknown> {
  return probeKinds[id].configSchema;
}

/**
 * Validates raw (stored or submitted) config and runs the check. Always resolves: bad config is
 * an invalid_config result, and a bug inside a kind is contained rather than crashing the worker.
 */
export async function runProbe(kindId: string, rawConfig: unknown, ctx: ProbeContext): Promise<ProbeResult> {
  const startedAt = ctx.now();
  if (!isProbeKindId(kindId)) {
    return failed(startedAt, ctx.now, "invalid_config", `Unknown probe kind "${kindId.slice(0, 40)}"`);
  }
  const kind = getProbeKind(kindId);
  const parsed = kind.configSchema.safeParse(rawConfig);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    return failed(startedAt, ctx.now, "invalid_config", shortMessage(`Invalid ${kindId} probe config: ${where}${issue?.message ?? "invalid"}`));
  }
  try {
    return await kind.check(parsed.data, ctx);
  } catch (err) {
    // Unreachable by contract (check never throws); reported as the origin's answer being unusable.
    return failed(startedAt, ctx.now, "bad_response", shortMessage(`Probe failed unexpectedly: ${err instanceof Error ? err.message : String(err)}`));
  }
}
