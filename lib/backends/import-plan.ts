// Compares an import preview with what the database holds and decides, per backend, what to
// create, update or leave alone. Pure: the dry run and the apply (inside its transaction) use it
// alike, so the preview tells exactly what applying would do.
import { isDeepStrictEqual } from "node:util";
import type { ImportNote, ImportPreview, ImportedBackend, ImportedProxySettings } from "@/lib/backends/import";
import type { ProbeDefinition } from "@/lib/backends/probe-input";
import { probeChanges, type StoredProbe } from "@/lib/backends/probe-state";
import { importedProbe } from "@/lib/backends/import-probe";
import type { ImportPlanItem } from "@/lib/backends/import-schemas";

export interface ExistingBackend {
  id: string;
  name: string;
  address: string | null;
  tags: string[];
  connectTimeoutMs: number | null;
  firstByteTimeoutMs: number | null;
  betweenBytesTimeoutMs: number | null;
  origin: string;
  proxySettings?: unknown;
  /** The probe an earlier import created for it, if any (manual probes are never touched). */
  importedProbe: (StoredProbe & { id: string }) | null;
}

export interface BackendFields {
  address: string;
  tags: string[];
  connectTimeoutMs: number | null;
  firstByteTimeoutMs: number | null;
  betweenBytesTimeoutMs: number | null;
  origin: "imported";
  /** Absent when the importer kept none: the stored ones stay. */
  proxySettings?: ImportedProxySettings;
}

export interface PlannedBackend {
  item: ImportPlanItem;
  fields: BackendFields;
  existing?: ExistingBackend;
  probe?: ProbeDefinition;
}

/** Why a probe may not be saved (the egress policy, the actor's role), or undefined. */
export type ProbeCheck = (def: ProbeDefinition, current: StoredProbe | undefined) => string | undefined;

export interface ImportPlan {
  planned: PlannedBackend[];
  notes: ImportNote[];
}

// Tags an import writes: `<source>:<group>` plus the server flags. Everything else is the user's
// own and survives a re-import; the import's tags are replaced by the config's current ones.
const IMPORT_TAG = /^(vcl-director|haproxy-backend|nginx-upstream):/;
const IMPORT_FLAGS = new Set(["backup", "down", "disabled"]);
const isImportTag = (tag: string) => IMPORT_TAG.test(tag) || IMPORT_FLAGS.has(tag);

export function mergeTags(existing: string[], imported: string[]): string[] {
  return [...new Set([...imported, ...existing.filter((t) => !isImportTag(t))])];
}

const ms = (v: number | undefined, current: number | null | undefined) => (v === undefined ? (current ?? null) : Math.round(v));

function desiredFields(b: ImportedBackend, existing: ExistingBackend | undefined): BackendFields {
  return {
    address: b.address,
    tags: mergeTags(existing?.tags ?? [], b.tags),
    connectTimeoutMs: ms(b.timeouts.connectMs, existing?.connectTimeoutMs),
    firstByteTimeoutMs: ms(b.timeouts.firstByteMs, existing?.firstByteTimeoutMs),
    betweenBytesTimeoutMs: ms(b.timeouts.betweenBytesMs, existing?.betweenBytesTimeoutMs),
    origin: "imported",
    ...(b.proxy ? { proxySettings: b.proxy } : {}),
  };
}

function fieldChanges(fields: BackendFields, e: ExistingBackend): string[] {
  const changes: string[] = [];
  if (fields.address !== e.address) changes.push("address");
  if (!isDeepStrictEqual(fields.tags, e.tags)) changes.push("tags");
  const timeouts: (keyof BackendFields & keyof ExistingBackend)[] = ["connectTimeoutMs", "firstByteTimeoutMs", "betweenBytesTimeoutMs"];
  if (timeouts.some((k) => fields[k] !== e[k])) changes.push("timeouts");
  if (e.origin !== fields.origin) changes.push("origin");
  // Listed only for a backend imported before: for one that becomes imported, "origin" says it
  // all (the settings are written with it). Backends imported before the advisor existed get theirs.
  if (e.origin === "imported" && fields.proxySettings !== undefined && !isDeepStrictEqual(fields.proxySettings, e.proxySettings ?? null)) {
    changes.push("proxy settings");
  }
  return changes;
}

function planOne(b: ImportedBackend, existing: ExistingBackend | undefined, notes: ImportNote[], check?: ProbeCheck): PlannedBackend {
  const fields = desiredFields(b, existing);
  const changes = existing ? fieldChanges(fields, existing) : [];
  const action = !existing ? "create" : changes.length > 0 ? "update" : "unchanged";
  const item: ImportPlanItem = { name: b.name, address: b.address, line: b.source.line, action, changes, probe: { action: "none" } };
  const outcome = importedProbe(b);
  if (outcome.kind === "none") return { item, fields, existing };
  if (outcome.kind === "skipped") {
    notes.push({ level: "warning", line: b.source.line, message: `probe of ${b.name} not imported: ${outcome.reason}` });
    return { item: { ...item, probe: { action: "skipped", kind: b.probe?.kind } }, fields, existing };
  }
  const current = existing?.importedProbe;
  // Refused outright, not skipped: the API would refuse the same probe, and an apply must not
  // leave a backend half as its config says.
  const refused = check?.(outcome.def, current ?? undefined);
  if (refused) {
    notes.push({ level: "error", line: b.source.line, message: `probe of ${b.name} refused: ${refused}` });
    return { item: { ...item, probe: { action: "skipped", kind: outcome.def.kind as "http" | "tcp" } }, fields, existing };
  }
  for (const a of outcome.adjustments) notes.push({ level: "info", line: b.source.line, message: `probe of ${b.name}: ${a}` });
  const probeChanged = current ? probeChanges(current, outcome.def) : [];
  const probeAction = !current ? "create" : probeChanged.length > 0 ? "update" : "unchanged";
  return {
    item: { ...item, probe: { action: probeAction, kind: outcome.def.kind as "http" | "tcp", changes: probeChanged } },
    fields,
    existing,
    probe: outcome.def,
  };
}

export function planImport(preview: ImportPreview, existing: Map<string, ExistingBackend>, check?: ProbeCheck): ImportPlan {
  const notes = [...preview.notes];
  const seen = new Map<string, number>();
  const planned: PlannedBackend[] = [];
  for (const b of preview.backends) {
    const first = seen.get(b.name);
    if (first !== undefined) {
      notes.push({ level: "warning", line: b.source.line, message: `${b.name} is defined again (first at line ${first}); the first definition is used` });
      continue;
    }
    seen.set(b.name, b.source.line);
    planned.push(planOne(b, existing.get(b.name), notes, check));
  }
  notes.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
  return { planned, notes };
}

export function planSummary(planned: PlannedBackend[]) {
  const count = <T extends string>(values: T[], v: T) => values.filter((x) => x === v).length;
  const backends = planned.map((p) => p.item.action);
  const probes = planned.map((p) => p.item.probe.action);
  return {
    backends: { create: count(backends, "create"), update: count(backends, "update"), unchanged: count(backends, "unchanged") },
    probes: { create: count(probes, "create"), update: count(probes, "update"), unchanged: count(probes, "unchanged"), skipped: count(probes, "skipped") },
  };
}
