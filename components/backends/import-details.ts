// What the import preview shows beyond the server's plan: each backend's timeouts and probe as the
// config states them. The dry-run answer (ImportPlanItem) carries names, addresses and actions but
// not these, so the browser reads the same config with the same pure parser the server uses
// (lib/backends/import) and matches backends by name; the first definition wins, as in the plan.
import { parseBackendConfig, type ImportKind, type ImportedBackend } from "@/lib/backends/import";

export type ImportDetails = Map<string, Pick<ImportedBackend, "timeouts" | "probe" | "tags">>;

export function importDetails(kind: ImportKind, text: string): ImportDetails {
  const out: ImportDetails = new Map();
  for (const b of parseBackendConfig(kind, text).backends) {
    if (!out.has(b.name)) out.set(b.name, { timeouts: b.timeouts, probe: b.probe, tags: b.tags });
  }
  return out;
}

/** Moves the caret to a line (1-based) and column of a textarea and scrolls it into view. */
export function selectLine(area: HTMLTextAreaElement, line: number, column?: number): void {
  const lines = area.value.split("\n");
  const index = Math.min(Math.max(line, 1), lines.length) - 1;
  let start = 0;
  for (let i = 0; i < index; i++) start += lines[i]!.length + 1;
  const end = start + lines[index]!.length;
  area.focus();
  if (column && column > 0) area.setSelectionRange(Math.min(start + column - 1, end), end);
  else area.setSelectionRange(start, end);
  const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 18;
  area.scrollTop = Math.max(0, index * lineHeight - area.clientHeight / 3);
}
