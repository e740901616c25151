// Every rule kind, by id. A new kind is one file in this folder and one line here.
import type { z } from "zod";
import { burnRateKind } from "@/lib/alerts/kinds/burn-rate";
import { capacityKind } from "@/lib/alerts/kinds/capacity";
import { causeRateKind } from "@/lib/alerts/kinds/cause-rate";
import { errorRateKind } from "@/lib/alerts/kinds/error-rate";
import { latencyKind } from "@/lib/alerts/kinds/latency";
import { noDataKind } from "@/lib/alerts/kinds/no-data";
import { probeHealthKind } from "@/lib/alerts/kinds/probe-health";
import type { CompiledCondition, RuleKind } from "@/lib/alerts/kinds/types";

export const RULE_KIND_IDS = ["error_rate", "cause_rate", "latency", "probe_health", "capacity", "no_data", "burn_rate"] as const;
export type RuleKindId = (typeof RULE_KIND_IDS)[number];

/** A kind with its config type hidden behind compile(): the only way to evaluate is with a parsed config. */
export interface RegisteredKind {
  id: RuleKindId;
  configSchema: z.ZodType;
  /** Binds a config already parsed by configSchema. */
  compile(parsedConfig: unknown): CompiledCondition;
}

function register<C>(id: RuleKindId, kind: RuleKind<C>): RegisteredKind {
  return {
    id,
    configSchema: kind.configSchema,
    compile(parsedConfig) {
      // Safe: compile is only handed the output of this same configSchema (see compileRule).
      const config = parsedConfig as C;
      return { kind: id, needs: kind.needs(config), evaluate: (data, now) => kind.evaluate(config, data, now) };
    },
  };
}

export const RULE_KINDS: Record<RuleKindId, RegisteredKind> = {
  error_rate: register("error_rate", errorRateKind),
  cause_rate: register("cause_rate", causeRateKind),
  latency: register("latency", latencyKind),
  probe_health: register("probe_health", probeHealthKind),
  capacity: register("capacity", capacityKind),
  no_data: register("no_data", noDataKind),
  burn_rate: register("burn_rate", burnRateKind),
};

export const isRuleKindId = (v: unknown): v is RuleKindId => typeof v === "string" && (RULE_KIND_IDS as readonly string[]).includes(v);

/** Parses a stored or submitted config with its kind's schema and binds it; throws the ZodError on bad input. */
export function compileRule(kind: RuleKindId, rawConfig: unknown): CompiledCondition {
  const k = RULE_KINDS[kind];
  return k.compile(k.configSchema.parse(rawConfig));
}
