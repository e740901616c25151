// Turns API input into a complete probe definition: the kind's own config schema, then
// ProbeParams (Varnish's defaults, threshold <= window, timeout <= interval). Every problem
// becomes one 400 naming each field, e.g. `config.url` or `threshold`.
import type { z } from "zod";
import { AppError, type FieldIssue } from "@/lib/errors/app-error";
import { parseInput } from "@/lib/errors/parse";
import { CreateProbeInput, UpdateProbeInput } from "@/lib/backends/probe-schemas";
import { restoreWriteOnlyValues } from "@/lib/probes/config-secrets";
import { ProbeParams, type ProbeParamsInput } from "@/lib/observations/health";
import { configSchemaFor } from "@/lib/probes/kinds/registry";
import type { ProbeKindId } from "@/lib/probes/types";

export interface ProbeDefinition {
  kind: ProbeKindId;
  /** The kind schema's output (defaults filled in), as stored. */
  config: Record<string, unknown>;
  params: ProbeParams;
  enabled: boolean;
}

/** The stored columns an update starts from. */
export interface StoredProbeDefinition {
  kind: string;
  config: unknown;
  intervalMs: number;
  timeoutMs: number;
  window: number;
  threshold: number;
  initial: number;
  enabled: boolean;
}

function issuesOf(error: z.ZodError, prefix?: string): FieldIssue[] {
  return error.issues.map((i) => {
    const path = [prefix, ...i.path.map(String)].filter(Boolean).join(".");
    return { path: path || "(body)", message: i.message };
  });
}

function invalid(fields: FieldIssue[]): AppError {
  return new AppError("bad_request", `Invalid input: ${fields.map((f) => `${f.path}: ${f.message}`).join("; ")}`, { fields });
}

/** Validates a kind's config and the Varnish parameters together; throws one 400 for all issues. */
export function checkProbeDefinition(kind: ProbeKindId, config: unknown, params: ProbeParamsInput, enabled: boolean): ProbeDefinition {
  const fields: FieldIssue[] = [];
  const cfg = configSchemaFor(kind).safeParse(config);
  if (!cfg.success) fields.push(...issuesOf(cfg.error, "config"));
  const p = ProbeParams.safeParse(params);
  if (!p.success) fields.push(...issuesOf(p.error));
  if (!cfg.success || !p.success) throw invalid(fields);
  return { kind, config: cfg.data as Record<string, unknown>, params: p.data, enabled };
}

export function parseCreateProbe(raw: unknown): ProbeDefinition {
  const input = parseInput(CreateProbeInput, raw);
  const { kind, config, enabled, ...params } = input;
  return checkProbeDefinition(kind, config, params, enabled ?? true);
}

/**
 * The probe after applying a partial update to what is stored. Secrets are write-only, so a
 * config sent back as it was read carries markers for them: those keep the stored values.
 */
export function parseUpdateProbe(current: StoredProbeDefinition, raw: unknown): ProbeDefinition {
  const input = parseInput(UpdateProbeInput, raw);
  const kind = input.kind ?? (current.kind as ProbeKindId);
  if (input.kind !== undefined && input.kind !== current.kind && input.config === undefined) {
    throw invalid([{ path: "config", message: `a ${input.kind} probe needs its own config` }]);
  }
  const params: ProbeParamsInput = {
    intervalMs: input.intervalMs ?? current.intervalMs,
    timeoutMs: input.timeoutMs ?? current.timeoutMs,
    window: input.window ?? current.window,
    threshold: input.threshold ?? current.threshold,
    // A new window or threshold brings Varnish's default initial (threshold - 1) unless one is given.
    initial: input.initial ?? (input.window !== undefined || input.threshold !== undefined ? undefined : current.initial),
  };
  let config = current.config;
  if (input.config !== undefined) {
    const restored = restoreWriteOnlyValues(input.config, current.config);
    if (!restored.ok) throw invalid(restored.issues);
    config = restored.config;
  }
  return checkProbeDefinition(kind, config, params, input.enabled ?? current.enabled);
}
