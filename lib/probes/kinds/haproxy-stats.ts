// HAProxy stats page in CSV (`/stats;csv`). Reports backend and server state (UP/DOWN/MAINT),
// queues and session limits as saturation, and 5xx / error counters as deltas between runs.
import type { z } from "zod";
import { StatusPageConfig } from "@/lib/probes/config-fields";
import { DELTA_SUFFIX, addCounters, plural, statusPageProbe, type CapacityParse } from "@/lib/probes/capacity";
import type { ProbeSignals } from "@/lib/probes/types";

export const HaproxyStatsProbeConfig = StatusPageConfig;
export type HaproxyStatsProbeConfig = z.output<typeof HaproxyStatsProbeConfig>;

const ROW_TYPE_BACKEND = "1";
const ROW_TYPE_SERVER = "2";
const COUNTERS = ["hrsp_5xx", "eresp", "econ", "wretr"] as const;
type HaproxyCounter = (typeof COUNTERS)[number];
const MAX_ROWS = 200;

export interface HaproxyRow {
  proxy: string;
  /** Server name, or "BACKEND" for the backend's aggregate row. */
  server: string;
  isBackend: boolean;
  /** As HAProxy prints it: "UP", "UP 1/3" (failing checks), "DOWN", "MAINT", "DRAIN", "no check", ... */
  status: string;
  qcur?: number;
  scur?: number;
  slim?: number;
  counters: Partial<Record<HaproxyCounter, number>>;
}

/** Parses `;csv` output; frontends and listeners are skipped, they say nothing about origins. */
export function parseHaproxyCsv(payload: string): { ok: true; rows: HaproxyRow[] } | { ok: false; reason: string } {
  const lines = payload.split(/\r?\n/).filter((line) => line.trim() !== "");
  const headerLine = lines[0]?.replace(/^#\s*/, "");
  const header = headerLine ? splitCsvLine(headerLine) : [];
  const column = (name: string) => header.indexOf(name);
  if (column("pxname") !== 0 || column("svname") < 0 || column("status") < 0) {
    return { ok: false, reason: "not HAProxy stats CSV (the stats URL usually ends in ;csv)" };
  }
  const rows: HaproxyRow[] = [];
  for (const line of lines.slice(1)) {
    const cells = splitCsvLine(line);
    const cell = (name: string) => (column(name) >= 0 ? (cells[column(name)] ?? "") : "");
    const type = cell("type");
    const server = cell("svname");
    const isBackend = type === ROW_TYPE_BACKEND || (type === "" && server === "BACKEND");
    const isServer = type === ROW_TYPE_SERVER || (type === "" && server !== "BACKEND" && server !== "FRONTEND");
    if (!isBackend && !isServer) continue;
    const counters: Partial<Record<HaproxyCounter, number>> = {};
    for (const name of COUNTERS) {
      const value = numberCell(cell(name));
      if (value !== undefined) counters[name] = value;
    }
    rows.push({
      proxy: cell("pxname"),
      server,
      isBackend,
      status: cell("status"),
      qcur: numberCell(cell("qcur")),
      scur: numberCell(cell("scur")),
      slim: numberCell(cell("slim")),
      counters,
    });
  }
  if (rows.length === 0) return { ok: false, reason: "no backend or server rows" };
  return { ok: true, rows };
}

/** HAProxy quotes a field only when it contains a comma or quote (doubling inner quotes). */
function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        current += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      cells.push(current);
      current = "";
    } else current += char;
  }
  cells.push(current);
  return cells;
}

function numberCell(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

export function interpretHaproxyCsv(payload: string, previous: ProbeSignals | undefined): CapacityParse {
  const parsed = parseHaproxyCsv(payload);
  if (!parsed.ok) return parsed;
  const rows = parsed.rows.slice(0, MAX_ROWS);
  const servers = rows.filter((row) => !row.isBackend);
  const down = servers.filter((row) => row.status.startsWith("DOWN")).map(rowName);
  const maint = servers.filter((row) => row.status.startsWith("MAINT")).map(rowName);
  const atLimit = rows.filter((row) => row.slim !== undefined && row.slim > 0 && (row.scur ?? 0) >= row.slim).map(rowName);
  const queued = rows.filter((row) => row.isBackend).reduce((sum, row) => sum + (row.qcur ?? 0), 0);

  const signals: ProbeSignals = {
    servers_total: servers.length,
    servers_down: down.length,
    servers_maint: maint.length,
    queued,
  };
  for (const row of rows) {
    const base = rowName(row);
    signals[`${base}.status`] = row.status;
    if (row.qcur !== undefined) signals[`${base}.qcur`] = row.qcur;
    if (row.scur !== undefined) signals[`${base}.scur`] = row.scur;
    if (row.slim !== undefined) signals[`${base}.slim`] = row.slim;
    addCounters(signals, prefixed(`${base}.`, row.counters), previous);
  }
  signals.saturated = queued > 0 || atLimit.length > 0;
  return { ok: true, reading: { signals, summary: summarise(rows, signals, { down, maint, atLimit, queued }) } };
}

function rowName(row: HaproxyRow): string {
  return `${row.proxy}/${row.server}`;
}

function prefixed(prefix: string, counters: Partial<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(counters)) if (value !== undefined) out[prefix + name] = value;
  return out;
}

interface Findings {
  down: string[];
  maint: string[];
  atLimit: string[];
  queued: number;
}

function summarise(rows: HaproxyRow[], signals: ProbeSignals, findings: Findings): string {
  const servers = rows.filter((row) => !row.isBackend).length;
  const notes: string[] = [];
  if (findings.down.length > 0) notes.push(`${findings.down.length} of ${plural(servers, "server")} DOWN (${findings.down.slice(0, 5).join(", ")})`);
  if (findings.maint.length > 0) notes.push(`${findings.maint.length} in MAINT`);
  if (findings.queued > 0) notes.push(`${plural(findings.queued, "request")} queued`);
  if (findings.atLimit.length > 0) notes.push(`at session limit: ${findings.atLimit.slice(0, 5).join(", ")}`);
  for (const row of rows.filter((candidate) => candidate.isBackend)) {
    const grown = (counter: HaproxyCounter) => signals[`${rowName(row)}.${counter}${DELTA_SUFFIX}`];
    const parts: string[] = [];
    const fivexx = grown("hrsp_5xx");
    const econ = grown("econ");
    const eresp = grown("eresp");
    if (typeof fivexx === "number" && fivexx > 0) parts.push(`${fivexx} 5xx`);
    if (typeof econ === "number" && econ > 0) parts.push(plural(econ, "connection error"));
    if (typeof eresp === "number" && eresp > 0) parts.push(plural(eresp, "response error"));
    if (parts.length > 0) notes.push(`backend ${row.proxy}: ${parts.join(", ")} since last probe`);
  }
  return notes.length > 0
    ? `HAProxy: ${notes.join("; ")}`
    : `HAProxy: ${plural(servers, "server")} up, nothing queued`;
}

export const haproxyStatsProbe = statusPageProbe({
  id: "haproxy_stats",
  configSchema: HaproxyStatsProbeConfig,
  pageName: "HAProxy stats CSV",
  interpret: interpretHaproxyCsv,
});
