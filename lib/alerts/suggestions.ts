// Rule suggestions: sensible defaults per backend, each a rule input exactly as POST
// /api/v1/rules accepts it, so the UI accepts one with a single POST. Pure: the caller reads
// the backends' facts and the existing rules (lib/alerts/suggestion-data.ts).
//
// The defaults (issue #10): 5xx above 1 % over 5 m with a minimum count; p95 above 80 % of the
// first-byte timeout over 10 m when the timeout is known; probe sick for 3 checks when there is a
// probe; burn rate when an SLO is set. Each rate rule also waits `for: 1m`, so one bad
// evaluation (a deploy's restart) does not page on its own, and keeps firing 5 m after it ends
// so a flapping backend pages once. A suggestion equivalent to an existing rule (enabled or not:
// a disabled one was a choice) is left out.
import type { RuleInputText, RuleScope } from "@/lib/alerts/schemas";
import { burnRateDefaults } from "@/lib/alerts/kinds/burn-rate";

export interface BackendFacts {
  name: string;
  /** The proxy's first-byte timeout, when known (set on the backend or imported from config). */
  firstByteTimeoutMs: number | null;
  /** Whether an enabled probe checks it. */
  hasProbe: boolean;
  /** The backend's availability objective (percent over a window of days); null when none is set. */
  slo: { target: number; windowDays: number } | null;
  /** Tags, so a rule scoped to a tag counts as covering the backend. */
  tags: string[];
}

/** An existing rule as stored: enough to tell whether a suggestion repeats it. */
export interface ExistingRule {
  kind: string;
  scope: RuleScope;
  config: unknown;
}

export type SuggestedRule = RuleInputText & { name: string; kind: string; scope: { backend: string }; config: Record<string, unknown> };

const MIN_REQUESTS = 20;

function forBackend(b: BackendFacts): SuggestedRule[] {
  const scope = { backend: b.name };
  const out: SuggestedRule[] = [
    {
      name: `5xx over 1% on ${b.name}`,
      kind: "error_rate",
      scope,
      config: { status: "5xx", above: 1, window: "5m", minRequests: MIN_REQUESTS },
      for: "1m",
      keepFiringFor: "5m",
      severity: "critical",
      channels: [],
    },
  ];
  if (b.firstByteTimeoutMs !== null) {
    out.push({
      name: `p95 near the first-byte timeout on ${b.name}`,
      kind: "latency",
      scope,
      config: { percentile: "p95", aboveTimeoutFraction: 0.8, timeout: "firstByte", window: "10m", minRequests: MIN_REQUESTS },
      for: "1m",
      keepFiringFor: "5m",
      severity: "warning",
      channels: [],
    });
  }
  if (b.hasProbe) {
    out.push({
      name: `Probe sick on ${b.name}`,
      kind: "probe_health",
      scope,
      config: { mode: "sick", checks: 3 },
      for: "0s",
      keepFiringFor: "0s",
      severity: "critical",
      channels: [],
    });
  }
  if (b.slo !== null) {
    out.push({
      name: `SLO ${b.slo.target}% burn rate on ${b.name}`,
      kind: "burn_rate",
      scope,
      config: burnRateDefaults(b.slo),
      for: "0s",
      keepFiringFor: "0s",
      severity: "critical",
      channels: [],
    });
  }
  return out;
}

const field = (config: unknown, name: string): unknown =>
  config !== null && typeof config === "object" ? (config as Record<string, unknown>)[name] : undefined;

/** Whether a rule's scope has an instance for this backend. */
function covers(scope: RuleScope, b: BackendFacts): boolean {
  if (scope.backend !== undefined) return scope.backend === b.name;
  if (scope.tag !== undefined) return b.tags.includes(scope.tag);
  // A source's backends are not known without traffic; a source rule is not taken as covering.
  return scope.source === undefined;
}

/**
 * Whether an existing rule already watches what a suggestion would: same kind over the backend,
 * and the same signal (status class, percentile against the timeout, probe sickness).
 */
function equivalent(rule: ExistingRule, s: SuggestedRule, b: BackendFacts): boolean {
  if (rule.kind !== s.kind || !covers(rule.scope, b)) return false;
  switch (s.kind) {
    case "error_rate":
      return (field(rule.config, "status") ?? "5xx") === "5xx";
    case "latency":
      return (field(rule.config, "percentile") ?? "p95") === "p95" && field(rule.config, "aboveTimeoutFraction") !== undefined;
    case "probe_health":
      return field(rule.config, "mode") === "sick";
    default:
      return true;
  }
}

/** Suggestions for every backend given, minus those an existing rule already covers. */
export function suggestRules(backends: BackendFacts[], existing: ExistingRule[]): SuggestedRule[] {
  return backends.flatMap((b) => forBackend(b).filter((s) => !existing.some((r) => equivalent(r, s, b))));
}
