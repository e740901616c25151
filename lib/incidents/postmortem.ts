// A postmortem draft in Markdown from an incident as the API shows it: summary, impact,
// timeline, causes, steps taken and by whom. A draft: people edit it after copying.
import type { IncidentDetail } from "@/lib/incidents/schemas";
import { formatDuration, formatPercent } from "@/lib/incidents/format";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

export function postmortemMarkdown(i: IncidentDetail): string {
  const failed = i.timeline.filter((e) => e.kind === "resolved").map((e) => e.data.failedRequests).find((n) => typeof n === "number");
  const out: string[] = [
    `# Postmortem: ${i.title}`,
    "",
    "## Summary",
    "",
    i.summary ?? "_What happened, in two sentences._",
    "",
    "## Impact",
    "",
    `- Backends: ${i.backends.join(", ")}`,
    `- Severity: ${i.severity}`,
    `- First bad minute: ${i.firstBadAt}`,
    `- Resolved: ${i.resolvedAt ?? "not yet"}`,
    `- Duration: ${formatDuration(i.durationMs)}`,
    ...(typeof failed === "number" ? [`- Requests failed (5xx): ${failed}`] : []),
    "",
    "## Causes",
    "",
    ...(i.causes.length === 0 ? ["_No 5xx with a cause were recorded._"] : i.causes.map((c) => `- \`${c.cause}\`: ${c.count} (${formatPercent(c.share)} of 5xx)`)),
    "",
    "## Timeline (UTC)",
    "",
    "| Time | What | By |",
    "|---|---|---|",
    ...i.timeline.map((e) => `| ${e.at.slice(0, 19).replace("T", " ")} | ${cell(e.message)} | ${typeof e.data.by === "string" ? cell(e.data.by) : ""} |`),
    "",
    "## Steps taken",
    "",
  ];
  const steps = i.checklists.flatMap((c) => c.steps.filter((s) => s.done).map((s) => `- ${s.title} (${c.title}): ${s.auto ? "verified by data" : `by ${s.doneBy ?? "?"}`}, ${s.doneAt ?? ""}`));
  out.push(...(steps.length === 0 ? ["_None recorded._"] : steps), "", "## Follow-ups", "", "- _What would have prevented it, or found it sooner?_", "");
  return out.join("\n");
}
