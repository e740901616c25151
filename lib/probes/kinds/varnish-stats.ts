// Varnish counters from `varnishstat -j`, served over HTTP (e.g. a tiny exporter or a CGI). Reads
// both layouts: 6.5+ nests counters under "counters"; older versions put them at the top level.
import type { z } from "zod";
import { StatusPageConfig } from "@/lib/probes/config-fields";
import { DELTA_SUFFIX, addCounters, plural, statusPageProbe, type CapacityParse } from "@/lib/probes/capacity";
import type { ProbeSignals } from "@/lib/probes/types";

export const VarnishStatsProbeConfig = StatusPageConfig;
export type VarnishStatsProbeConfig = z.output<typeof VarnishStatsProbeConfig>;

/** MAIN counters that explain a 503, with what each one counts (for the summary). */
export const VARNISH_MAIN_COUNTERS = {
  backend_fail: "backend connection failures",
  backend_unhealthy: "fetches not attempted because the backend was sick",
  backend_busy: "fetches refused by a backend's max_connections",
  fetch_failed: "failed fetches",
  threads_limited: "times the thread pools hit thread_pool_max",
  sess_dropped: "sessions dropped for lack of a worker thread",
} as const;
type MainCounter = keyof typeof VARNISH_MAIN_COUNTERS;
const SATURATION_COUNTERS: MainCounter[] = ["backend_busy", "threads_limited", "sess_dropped"];
const BACKEND_COUNTERS = ["fail", "busy", "unhealthy"] as const;
const MAX_BACKENDS = 100;

export interface VarnishBackendStats {
  /** "<vcl>.<backend>" (6.x+) or "<backend>(<ip>,,<port>)" (4.0): whatever sits between "VBE." and the counter. */
  name: string;
  /** Bitmap of recent health probes, bit 0 = most recent. Kept as bigint: it is a full 64-bit value. */
  happy?: bigint;
  fail?: number;
  busy?: number;
  unhealthy?: number;
}

export interface VarnishStats {
  main: Partial<Record<MainCounter, number>>;
  uptime?: number;
  backends: VarnishBackendStats[];
}

type CounterValue = number | bigint;

/** Parses varnishstat -j text. Values of 16+ digits are read as bigint so happy bitmaps keep every bit. */
export function parseVarnishStats(payload: string): { ok: true; stats: VarnishStats } | { ok: false; reason: string } {
  let document: unknown;
  try {
    // JSON.parse would round 64-bit values to a double; quote them first, then read them as bigint.
    document = JSON.parse(payload.replace(/("value"\s*:\s*)(\d{16,})/g, '$1"$2"'));
  } catch {
    return { ok: false, reason: "invalid JSON" };
  }
  if (!isRecord(document)) return { ok: false, reason: "expected a JSON object" };
  const counters = isRecord(document.counters) ? document.counters : document;

  const stats: VarnishStats = { main: {}, backends: [] };
  const backends = new Map<string, VarnishBackendStats>();
  for (const [key, entry] of Object.entries(counters)) {
    const value = isRecord(entry) ? counterValue(entry.value) : undefined;
    if (value === undefined) continue;
    if (key.startsWith("MAIN.")) {
      const name = key.slice(5);
      if (name === "uptime") stats.uptime = Number(value);
      else if (name in VARNISH_MAIN_COUNTERS) stats.main[name as MainCounter] = Number(value);
    } else if (key.startsWith("VBE.")) {
      recordBackendCounter(backends, key, value);
    }
  }
  if (stats.uptime === undefined && Object.keys(stats.main).length === 0) {
    return { ok: false, reason: "no MAIN counters found (is this varnishstat -j output?)" };
  }
  stats.backends = [...backends.values()];
  return { ok: true, stats };
}

function recordBackendCounter(backends: Map<string, VarnishBackendStats>, key: string, value: CounterValue): void {
  const lastDot = key.lastIndexOf(".");
  const name = key.slice(4, lastDot);
  const counter = key.slice(lastDot + 1);
  if (!name || (counter !== "happy" && !(BACKEND_COUNTERS as readonly string[]).includes(counter))) return;
  const backend = backends.get(name) ?? { name };
  backends.set(name, backend);
  if (counter === "happy") backend.happy = BigInt(value);
  else backend[counter as (typeof BACKEND_COUNTERS)[number]] = Number(value);
}

function counterValue(raw: unknown): CounterValue | undefined {
  if (typeof raw === "number" && Number.isFinite(raw)) return raw;
  if (typeof raw === "string" && /^\d+$/.test(raw)) return BigInt(raw);
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function interpretVarnishStats(payload: string, previous: ProbeSignals | undefined): CapacityParse {
  const parsed = parseVarnishStats(payload);
  if (!parsed.ok) return parsed;
  const { main, uptime, backends } = parsed.stats;
  const signals: ProbeSignals = { backends: backends.length };
  if (uptime !== undefined) signals["MAIN.uptime"] = uptime;
  addCounters(signals, prefixed("MAIN.", main), previous);

  const sickNow: string[] = [];
  for (const backend of backends.slice(0, MAX_BACKENDS)) {
    const base = `VBE.${backend.name}`;
    const counters: Record<string, number> = {};
    for (const counter of BACKEND_COUNTERS) {
      const value = backend[counter];
      if (value !== undefined) counters[`${base}.${counter}`] = value;
    }
    addCounters(signals, counters, previous);
    // An all-zero bitmap also means "no probe configured", so only a non-zero one says anything.
    if (backend.happy !== undefined && backend.happy !== 0n) {
      const lastProbeOk = (backend.happy & 1n) === 1n;
      signals[`${base}.happy`] = `0x${backend.happy.toString(16)}`;
      signals[`${base}.last_probe_ok`] = lastProbeOk;
      if (!lastProbeOk) sickNow.push(backend.name);
    }
  }
  const delta = (key: string) => signals[key + DELTA_SUFFIX];
  signals.saturated = SATURATION_COUNTERS.some((name) => {
    const grown = delta(`MAIN.${name}`);
    return typeof grown === "number" && grown > 0;
  });
  return { ok: true, reading: { signals, summary: summarise(signals, backends, sickNow) } };
}

function prefixed(prefix: string, counters: Partial<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(counters)) if (value !== undefined) out[prefix + name] = value;
  return out;
}

function summarise(signals: ProbeSignals, backends: VarnishBackendStats[], sickNow: string[]): string {
  const notes: string[] = [];
  let sawDeltas = false;
  for (const [name, meaning] of Object.entries(VARNISH_MAIN_COUNTERS)) {
    const grown = signals[`MAIN.${name}${DELTA_SUFFIX}`];
    if (typeof grown !== "number") continue;
    sawDeltas = true;
    if (grown > 0) notes.push(`${grown} ${meaning}`);
  }
  const failing = backends
    .map((backend) => ({ name: backend.name, grown: signals[`VBE.${backend.name}.fail${DELTA_SUFFIX}`] }))
    .filter((entry): entry is { name: string; grown: number } => typeof entry.grown === "number" && entry.grown > 0)
    .map((entry) => `${entry.name} ${plural(entry.grown, "connection failure")}`);
  if (failing.length > 0) notes.push(`by backend: ${failing.slice(0, 5).join(", ")}`);
  if (sickNow.length > 0) notes.push(`latest health probe failed for ${sickNow.slice(0, 5).join(", ")}`);

  const scope = plural(backends.length, "backend");
  if (notes.length > 0) return `Varnish${sawDeltas ? " since last probe" : ""}: ${notes.join("; ")} (${scope})`;
  return sawDeltas ? `Varnish: no backend failures since last probe (${scope})` : `Varnish: first reading, ${scope}`;
}

export const varnishStatsProbe = statusPageProbe({
  id: "varnish_stats",
  configSchema: VarnishStatsProbeConfig,
  pageName: "varnishstat output",
  interpret: interpretVarnishStats,
});
