// Shared road for the capacity probes (PHP-FPM, nginx, Varnish, HAProxy status pages): fetch the
// page, parse it, report saturation signals with deltas against the previous run. Such a probe
// is ok when the page is reachable and parseable; saturation is reported, not failed.
import type { z } from "zod";
import { builtInEgressPolicy } from "@/lib/net/egress";
import { parseHttpUrl, urlTarget, type StatusPageConfig } from "./config-fields";
import { startDeadline } from "./net/deadline";
import { performHttpExchange } from "./net/http-exchange";
import { failed, succeeded } from "./result";
import type { ProbeContext, ProbeKind, ProbeKindId, ProbeSignals } from "./types";

/** varnishstat -j with many backends runs to hundreds of KiB; anything beyond this is not a status page. */
export const STATUS_PAGE_MAX_BYTES = 4 * 1024 * 1024;

/** Counter deltas live next to the raw counter under this suffix, e.g. "accepts" and "accepts.delta". */
export const DELTA_SUFFIX = ".delta";

export interface CapacityReading {
  /** Raw counters and gauges (kept so the next run can diff them) plus their deltas. */
  signals: ProbeSignals;
  summary: string;
}

export type CapacityParse = { ok: true; reading: CapacityReading } | { ok: false; reason: string };

export interface StatusPageProbeSpec<Config extends StatusPageConfig> {
  id: ProbeKindId;
  configSchema: z.ZodType<Config>;
  /** Names the page in messages, e.g. "PHP-FPM status page". */
  pageName: string;
  interpret(payload: string, previous: ProbeSignals | undefined): CapacityParse;
}

export function statusPageProbe<Config extends StatusPageConfig>(spec: StatusPageProbeSpec<Config>): ProbeKind<Config> {
  return {
    id: spec.id,
    configSchema: spec.configSchema,
    async check(config, ctx) {
      const startedAt = ctx.now();
      const parsedUrl = parseHttpUrl(config.url);
      if (!parsedUrl.ok) return failed(startedAt, ctx.now, "invalid_config", parsedUrl.reason);
      const deadline = startDeadline(ctx);
      const outcome = await performHttpExchange(
        {
          url: parsedUrl.url,
          method: "GET",
          headers: config.headers,
          tlsVerify: config.tlsVerify,
          egress: ctx.egress ?? builtInEgressPolicy,
          maxBodyBytes: STATUS_PAGE_MAX_BYTES,
        },
        deadline,
        ctx.now,
      ).finally(() => deadline.dispose());
      if (!outcome.ok) {
        return failed(startedAt, ctx.now, outcome.errorClass, outcome.message, { status: outcome.status, phases: outcome.phases });
      }

      const { status, body, bodyTruncated, phases } = outcome.response;
      if (status < 200 || status > 299) {
        return failed(startedAt, ctx.now, "unexpected_status", `${spec.pageName} answered ${status}`, { status, phases });
      }
      if (bodyTruncated) {
        const message = `${spec.pageName} is larger than ${STATUS_PAGE_MAX_BYTES / (1024 * 1024)} MiB`;
        return failed(startedAt, ctx.now, "bad_response", message, { status, phases });
      }
      const parsed = safeInterpret(spec, body.toString("utf8"), ctx);
      if (!parsed.ok) {
        return failed(startedAt, ctx.now, "bad_response", `${spec.pageName} could not be read: ${parsed.reason}`, { status, phases });
      }
      return succeeded(startedAt, ctx.now, { status, phases, ...parsed.reading });
    },
    targets: (config) => urlTarget(config.url),
  };
}

// Parsers are written not to throw; this guard keeps "check never throws" true even if one does.
function safeInterpret<Config extends StatusPageConfig>(
  spec: StatusPageProbeSpec<Config>,
  payload: string,
  ctx: ProbeContext,
): CapacityParse {
  try {
    return spec.interpret(payload, ctx.previous);
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message.slice(0, 120) : "unreadable payload" };
  }
}

/**
 * How much a monotonic counter grew since the previous run. Undefined on the first run; when the
 * counter went down the process restarted, so everything it counted since is new.
 */
export function counterDelta(current: number, previous: ProbeSignals | undefined, key: string): number | undefined {
  const before = previous?.[key];
  if (typeof before !== "number") return undefined;
  return current >= before ? current - before : current;
}

/** Copies each counter into `signals` and adds its delta when the previous run had it. */
export function addCounters(
  signals: ProbeSignals,
  counters: Record<string, number>,
  previous: ProbeSignals | undefined,
): void {
  for (const [key, value] of Object.entries(counters)) {
    signals[key] = value;
    const delta = counterDelta(value, previous, key);
    if (delta !== undefined) signals[key + DELTA_SUFFIX] = delta;
  }
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
