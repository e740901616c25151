// PHP-FPM pool status page (pm.status_path). Reads the `?json` output, and the plain-text one in
// case the URL lacks `?json`. Saturation: requests queued in the listen backlog and new
// "max children reached" events, i.e. every worker was busy and PHP-FPM wanted to start more.
import { z } from "zod";
import { StatusPageConfig } from "@/lib/probes/config-fields";
import { DELTA_SUFFIX, addCounters, plural, statusPageProbe, type CapacityParse } from "@/lib/probes/capacity";
import type { ProbeSignals } from "@/lib/probes/types";

export const PhpFpmProbeConfig = StatusPageConfig;
export type PhpFpmProbeConfig = z.output<typeof PhpFpmProbeConfig>;

const count = z.coerce.number().int().nonnegative();

// Field names exactly as fpm_status.c prints them (PHP 5.4 through 8.x).
const PhpFpmPoolStatus = z.object({
  pool: z.string(),
  "process manager": z.string(),
  "accepted conn": count,
  "listen queue": count,
  "max listen queue": count.optional(),
  "listen queue len": count.optional(),
  "idle processes": count,
  "active processes": count,
  "total processes": count,
  "max active processes": count.optional(),
  "max children reached": count,
  "slow requests": count.optional(),
});
export type PhpFpmPoolStatus = z.output<typeof PhpFpmPoolStatus>;

/** Parses the `?json` or the plain-text status page into the pool's numbers. */
export function parsePhpFpmStatus(payload: string): { ok: true; status: PhpFpmPoolStatus } | { ok: false; reason: string } {
  const trimmed = payload.trim();
  let raw: unknown;
  if (trimmed.startsWith("{")) {
    try {
      raw = JSON.parse(trimmed);
    } catch {
      return { ok: false, reason: "invalid JSON" };
    }
  } else {
    raw = parseTextStatus(trimmed);
  }
  const parsed = PhpFpmPoolStatus.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `not a PHP-FPM status page (field "${issue?.path.join(".") ?? "?"}": ${issue?.message ?? "invalid"})` };
  }
  return { ok: true, status: parsed.data };
}

/** "key:   value" lines up to the first per-process block (the `?full` output separates them with asterisks). */
function parseTextStatus(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith("*")) break;
    const colon = line.indexOf(":");
    if (colon > 0) fields[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return fields;
}

export function interpretPhpFpmStatus(payload: string, previous: ProbeSignals | undefined): CapacityParse {
  const parsed = parsePhpFpmStatus(payload);
  if (!parsed.ok) return parsed;
  const status = parsed.status;
  const signals: ProbeSignals = {
    pool: status.pool,
    process_manager: status["process manager"],
    listen_queue: status["listen queue"],
    active_processes: status["active processes"],
    idle_processes: status["idle processes"],
    total_processes: status["total processes"],
  };
  if (status["max listen queue"] !== undefined) signals.max_listen_queue = status["max listen queue"];
  if (status["listen queue len"] !== undefined) signals.listen_queue_len = status["listen queue len"];
  if (status["max active processes"] !== undefined) signals.max_active_processes = status["max active processes"];
  const counters: Record<string, number> = {
    accepted_conn: status["accepted conn"],
    max_children_reached: status["max children reached"],
  };
  if (status["slow requests"] !== undefined) counters.slow_requests = status["slow requests"];
  addCounters(signals, counters, previous);

  const maxChildrenDelta = signals["max_children_reached" + DELTA_SUFFIX];
  const newMaxChildren = typeof maxChildrenDelta === "number" ? maxChildrenDelta : 0;
  signals.saturated = status["listen queue"] > 0 || newMaxChildren > 0;
  return { ok: true, reading: { signals, summary: summarise(status, signals) } };
}

function summarise(status: PhpFpmPoolStatus, signals: ProbeSignals): string {
  const pool = `PHP-FPM pool ${status.pool}`;
  const notes: string[] = [];
  const maxChildrenDelta = signals["max_children_reached" + DELTA_SUFFIX];
  if (typeof maxChildrenDelta === "number") {
    if (maxChildrenDelta > 0) notes.push(`hit max_children ${plural(maxChildrenDelta, "time")} since last probe`);
  } else if (status["max children reached"] > 0) {
    notes.push(`has hit max_children ${plural(status["max children reached"], "time")} since it started`);
  }
  if (status["listen queue"] > 0) notes.push(`${plural(status["listen queue"], "request")} waiting in the listen queue`);
  const slowDelta = signals["slow_requests" + DELTA_SUFFIX];
  if (typeof slowDelta === "number" && slowDelta > 0) notes.push(`${plural(slowDelta, "slow request")} since last probe`);
  const busy = `${status["active processes"]} of ${status["total processes"]} processes busy`;
  return notes.length > 0 ? `${pool} ${notes.join("; ")} (${busy})` : `${pool}: ${busy}, listen queue empty`;
}

export const phpFpmProbe = statusPageProbe({
  id: "phpfpm",
  configSchema: PhpFpmProbeConfig,
  pageName: "PHP-FPM status page",
  interpret: interpretPhpFpmStatus,
});
