// Rows -> API views. A backend's health is the worst of its enabled probes (sick, then unknown,
// then healthy); no enabled probe means unknown. Its status adds traffic, alerts and staleness
// (lib/backends/status.ts). What of a probe's config and results each reader
// sees is lib/probes/config-secrets.ts's to say: secrets for nobody, query values for admins.
import type { Backend, Probe } from "@/lib/generated/prisma/client";
import type { BackendDetail, BackendHealth, BackendView } from "@/lib/backends/schemas";
import type { ProbeResultView, ProbeView } from "@/lib/backends/probe-schemas";
import { redactProbeConfig, redactUrl, redactUrlsInText, type SecretsReader } from "@/lib/probes/config-secrets";
import { isStoredHealth } from "@/lib/observations/health-state";
import { dependenciesOf } from "@/lib/backends/dependencies";
import type { ProbeKindId } from "@/lib/probes/types";
import { deriveBackendStatus, isProbeStale, type StatusSettings } from "@/lib/backends/status";
import type { StatusFacts } from "@/lib/backends/status-facts";

export interface ViewOptions {
  /** Who reads: decides what of probe configs and results is shown. */
  reader: SecretsReader;
  /** The clock probes are judged stale against. */
  nowMs: number;
  /** Thresholds of the backend status. */
  status: StatusSettings;
}

const HEALTH_RANK: Record<BackendHealth, number> = { healthy: 0, unknown: 1, sick: 2 };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" ? v : null);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** A probe config as `reader` sees it (a viewer by default). */
export function redactConfig(config: unknown, reader: SecretsReader = "viewer"): Obj {
  return redactProbeConfig(config, reader);
}

/**
 * Signals as `reader` sees them. `final_url` comes from a response's Location header: viewers
 * never see response headers, editors see it as they see configured URLs. `blockingQuery` is SQL
 * text from a database probe: not for viewers either.
 */
function signalsView(signals: Obj, reader: SecretsReader): ProbeResultView["signals"] {
  const out = { ...(signals as NonNullable<ProbeResultView["signals"]>) };
  if (typeof out.final_url === "string") {
    if (reader === "viewer") delete out.final_url;
    else out.final_url = redactUrl(out.final_url, reader);
  }
  // A database probe's blocking statement may quote row data: for those who may edit probes.
  if (reader === "viewer") delete out.blockingQuery;
  return out;
}

/** A stored result (ProbeResult JSON, `at` in epoch ms) as `reader` sees it. */
export function resultView(raw: unknown, reader: SecretsReader): ProbeResultView | null {
  if (!isObj(raw) || typeof raw.ok !== "boolean" || num(raw.at) === null) return null;
  const message = str(raw.message);
  return {
    at: new Date(num(raw.at)!).toISOString(),
    ok: raw.ok,
    errorClass: str(raw.errorClass),
    status: num(raw.status),
    durationMs: num(raw.durationMs) ?? 0,
    phases: isObj(raw.phases) ? (raw.phases as ProbeResultView["phases"]) : null,
    signals: isObj(raw.signals) ? signalsView(raw.signals, reader) : null,
    // Messages quote URLs (a redirect loop's hops): redacted like the config's own URL.
    message: message === null ? null : redactUrlsInText(message, reader),
    summary: str(raw.summary),
  };
}

function probeHealth(p: Pick<Probe, "health">): BackendHealth {
  return isStoredHealth(p.health) ? p.health : "unknown";
}

export function worstHealth(probes: Pick<Probe, "health" | "enabled">[]): BackendHealth {
  const enabled = probes.filter((p) => p.enabled);
  if (enabled.length === 0) return "unknown";
  return enabled.map(probeHealth).reduce((worst, h) => (HEALTH_RANK[h] > HEALTH_RANK[worst] ? h : worst), "healthy");
}

export function toProbeView(p: Probe, opts: ViewOptions): ProbeView {
  const state = isObj(p.healthState) ? p.healthState : {};
  return {
    id: p.id,
    backendId: p.backendId,
    kind: p.kind as ProbeKindId, // written only through checkProbeDefinition
    config: redactProbeConfig(p.config, opts.reader),
    intervalMs: p.intervalMs,
    timeoutMs: p.timeoutMs,
    window: p.window,
    threshold: p.threshold,
    initial: p.initial,
    enabled: p.enabled,
    origin: p.origin === "imported" ? "imported" : "manual",
    health: probeHealth(p),
    stale: isProbeStale(p, opts.nowMs, opts.status),
    healthHistory: typeof state.history === "string" ? state.history : "",
    lastResult: resultView(p.lastResult, opts.reader),
    nextRunAt: p.nextRunAt.toISOString(),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

function newestResult(probes: Probe[], reader: SecretsReader): BackendView["lastResult"] {
  let best: BackendView["lastResult"] = null;
  for (const p of probes.filter((x) => x.enabled)) {
    const view = resultView(p.lastResult, reader);
    if (view && (!best || view.at > best.at)) best = { ...view, probeId: p.id, kind: p.kind };
  }
  return best;
}

export function toBackendView(b: Backend & { probes: Probe[] }, opts: ViewOptions, facts: StatusFacts): BackendView {
  const traffic = facts.traffic.get(b.name) ?? { requests: 0, errors5xx: 0 };
  const derived = deriveBackendStatus({ probes: b.probes, traffic, firing: facts.firing.get(b.name) ?? [], nowMs: facts.nowMs }, opts.status);
  return {
    id: b.id,
    name: b.name,
    address: b.address,
    tags: b.tags,
    timeouts: { connectMs: b.connectTimeoutMs, firstByteMs: b.firstByteTimeoutMs, betweenBytesMs: b.betweenBytesTimeoutMs },
    slo: b.sloTargetPercent !== null && b.sloWindowDays !== null ? { target: b.sloTargetPercent, windowDays: b.sloWindowDays } : null,
    origin: b.origin === "discovered" || b.origin === "imported" ? b.origin : "manual",
    demo: b.demo,
    health: worstHealth(b.probes),
    lastResult: newestResult(b.probes, opts.reader),
    status: derived.status,
    statusReason: derived.statusReason,
    traffic: { windowMinutes: facts.windowMs / 60_000, ...traffic },
    probeCount: b.probes.length,
    dependencies: dependenciesOf(b.probes),
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
  };
}

export function toBackendDetail(b: Backend & { probes: Probe[] }, opts: ViewOptions, facts: StatusFacts): BackendDetail {
  return { ...toBackendView(b, opts, facts), probes: b.probes.map((p) => toProbeView(p, opts)) };
}
