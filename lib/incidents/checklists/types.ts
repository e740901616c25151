// Checklist templates: what to look at, the commands per stack, what each outcome means, and
// optionally a condition the product checks from its own data to tick the step itself.

/** Where a command applies: a proxy kind, a probe kind's software, or the layers behind the origin. */
export type Stack = "varnish" | "nginx" | "haproxy" | "envoy" | "phpfpm" | "app" | "db";

/** Conditions a step can verify from the product's own data. */
export type StepCheck =
  | { kind: "probe_healthy"; minutes: number }
  | { kind: "cause_below_threshold"; causes: string[] }
  | { kind: "deploy_after_open" };

export interface StepTemplate {
  id: string;
  title: string;
  /** What to look at and what each outcome means. */
  detail: string;
  commands?: Partial<Record<Stack, string[]>>;
  check?: StepCheck;
}

export interface ChecklistTemplate {
  slug: string;
  title: string;
  steps: StepTemplate[];
}

/** Evidence that is not a cause of 5xx but still chooses a checklist. */
export const SIGNALS = ["deploy_before", "purge_before", "latency_near_timeout", "probe_down", "overload", "tls", "dns"] as const;
export type Signal = (typeof SIGNALS)[number];
