// Rows -> API views. A backend's health is the worst of its enabled probes (sick, then unknown,
// then healthy); no enabled probe means unknown. Viewers see probe configs without secrets.
import type { Backend, Probe } from "@/lib/generated/prisma/client";
import type { BackendDetail, BackendHealth, BackendView } from "@/lib/backends/schemas";
import type { ProbeResultView, ProbeView } from "@/lib/backends/probe-schemas";
import { isStoredHealth } from "@/lib/probes/health-state";
import type { ProbeKindId } from "@/lib/probes/types";

export interface ViewOptions {
  /** False for viewers: header values and URL passwords in probe configs are hidden. */
  revealSecrets: boolean;
}

const HIDDEN = "[hidden]";
const HEALTH_RANK: Record<BackendHealth, number> = { healthy: 0, unknown: 1, sick: 2 };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === "string" ? v : null);
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);

export function redactConfig(config: unknown): Obj {
  if (!isObj(config)) return {};
  const out: Obj = { ...config };
  if (isObj(out.headers)) out.headers = Object.fromEntries(Object.keys(out.headers).map((k) => [k, HIDDEN]));
  if (typeof out.url === "string") {
    try {
      const url = new URL(out.url);
      if (url.password) {
        url.password = "hidden";
        out.url = url.toString();
      }
    } catch {
      // Not a URL: nothing to hide in it.
    }
  }
  return out;
}

/** A stored result (ProbeResult JSON, `at` in epoch ms) as the API shows it. */
export function resultView(raw: unknown): ProbeResultView | null {
  if (!isObj(raw) || typeof raw.ok !== "boolean" || num(raw.at) === null) return null;
  return {
    at: new Date(num(raw.at)!).toISOString(),
    ok: raw.ok,
    errorClass: str(raw.errorClass),
    status: num(raw.status),
    durationMs: num(raw.durationMs) ?? 0,
    phases: isObj(raw.phases) ? (raw.phases as ProbeResultView["phases"]) : null,
    signals: isObj(raw.signals) ? (raw.signals as ProbeResultView["signals"]) : null,
    message: str(raw.message),
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
    config: opts.revealSecrets && isObj(p.config) ? p.config : redactConfig(p.config),
    intervalMs: p.intervalMs,
    timeoutMs: p.timeoutMs,
    window: p.window,
    threshold: p.threshold,
    initial: p.initial,
    enabled: p.enabled,
    origin: p.origin === "imported" ? "imported" : "manual",
    health: probeHealth(p),
    healthHistory: typeof state.history === "string" ? state.history : "",
    lastResult: resultView(p.lastResult),
    nextRunAt: p.nextRunAt.toISOString(),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

function newestResult(probes: Probe[]): BackendView["lastResult"] {
  let best: BackendView["lastResult"] = null;
  for (const p of probes.filter((x) => x.enabled)) {
    const view = resultView(p.lastResult);
    if (view && (!best || view.at > best.at)) best = { ...view, probeId: p.id, kind: p.kind };
  }
  return best;
}

export function toBackendView(b: Backend & { probes: Probe[] }): BackendView {
  return {
    id: b.id,
    name: b.name,
    address: b.address,
    tags: b.tags,
    timeouts: { connectMs: b.connectTimeoutMs, firstByteMs: b.firstByteTimeoutMs, betweenBytesMs: b.betweenBytesTimeoutMs },
    origin: b.origin === "discovered" || b.origin === "imported" ? b.origin : "manual",
    demo: b.demo,
    health: worstHealth(b.probes),
    lastResult: newestResult(b.probes),
    probeCount: b.probes.length,
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
  };
}

export function toBackendDetail(b: Backend & { probes: Probe[] }, opts: ViewOptions): BackendDetail {
  return { ...toBackendView(b), probes: b.probes.map((p) => toProbeView(p, opts)) };
}
