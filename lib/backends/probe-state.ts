// What a probe write does to the scheduling and health columns. A new probe (or a new kind or
// config: a different check) starts from Varnish's initial register with health unknown; a new
// window or threshold carries the register over; a new interval, or enabling, re-times the first
// run with jitter so edited probes do not all fire together.
import { isDeepStrictEqual } from "node:util";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ProbeDefinition, StoredProbeDefinition } from "@/lib/backends/probe-input";
import { healthStatus, initialHealthState, reconfigureHealthState } from "@/lib/observations/health";
import { storedHealthState } from "@/lib/observations/health-state";
import { firstRunAt } from "@/lib/probes/schedule";

export interface StoredProbe extends StoredProbeDefinition {
  health: string;
  healthState: unknown;
}

const json = (value: unknown) => value as Prisma.InputJsonValue;

function definitionColumns(def: ProbeDefinition) {
  return {
    kind: def.kind,
    config: json(def.config),
    intervalMs: def.params.intervalMs,
    timeoutMs: def.params.timeoutMs,
    window: def.params.window,
    threshold: def.params.threshold,
    initial: def.params.initial,
    enabled: def.enabled,
  };
}

export function newProbeData(def: ProbeDefinition, nowMs: number, random: () => number = Math.random) {
  return {
    ...definitionColumns(def),
    health: "unknown",
    healthState: json(initialHealthState(def.params)),
    nextRunAt: new Date(firstRunAt(nowMs, def.params.intervalMs, random)),
  };
}

const DEFINITION_FIELDS = ["kind", "config", "intervalMs", "timeoutMs", "window", "threshold", "initial", "enabled"] as const;
type DefinitionField = (typeof DEFINITION_FIELDS)[number];

/** The fields that differ between what is stored and the new definition. */
export function probeChanges(current: StoredProbeDefinition, def: ProbeDefinition): DefinitionField[] {
  const next = definitionColumns(def);
  return DEFINITION_FIELDS.filter((f) => !isDeepStrictEqual(current[f], next[f]));
}

/** Prisma update data for a probe moving to `def`; empty when nothing changes. */
export function probeUpdateData(current: StoredProbe, def: ProbeDefinition, nowMs: number, random: () => number = Math.random) {
  const changes = probeChanges(current, def);
  if (changes.length === 0) return { changes, data: {} };
  const has = (f: DefinitionField) => changes.includes(f);
  const data: Prisma.ProbeUpdateInput = definitionColumns(def);
  if (has("kind") || has("config")) {
    data.healthState = json(initialHealthState(def.params));
    data.health = "unknown";
    data.lastResult = Prisma.DbNull;
  } else if (has("window") || has("threshold")) {
    const state = reconfigureHealthState(storedHealthState(current.healthState, current), def.params);
    data.healthState = json(state);
    if (current.health !== "unknown") data.health = healthStatus(state);
  }
  if (has("kind") || has("config") || has("intervalMs") || (has("enabled") && def.enabled)) {
    data.nextRunAt = new Date(firstRunAt(nowMs, def.params.intervalMs, random));
  }
  return { changes, data };
}
