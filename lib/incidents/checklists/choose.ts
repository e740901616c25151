// Which checklists an incident needs and in what order, from its evidence. Pure: the facts are
// read elsewhere (lib/incidents/facts.ts). Each choice says why it is where it is.
import { isCauseId } from "@/lib/ingest/types";
import { CAUSE_CHECKLIST, SIGNAL_CHECKLIST } from "@/lib/incidents/checklists/catalog";
import type { ChecklistTemplate, Signal, Stack } from "@/lib/incidents/checklists/types";
import type { CauseShare } from "@/lib/incidents/evidence";
import { formatDuration, formatPercent } from "@/lib/incidents/format";

export interface IncidentFacts {
  firstBadAt: number;
  causes: CauseShare[];
  deployBefore: { title: string; at: number } | null;
  purgeBefore: { title: string; at: number } | null;
  /** p95 latency against the proxy's timeout, when it passed 80 % of it. */
  latencyNearTimeout: { p95Ms: number; timeoutMs: number } | null;
  probeDown: boolean;
  stacks: Stack[];
  /** A database dependency's trouble over the window ("3 queries waiting on a lock on orders-db"), or null. */
  databaseTrouble?: string | null;
}

export interface ChosenChecklist {
  template: ChecklistTemplate;
  reason: string;
  causes: string[];
  score: number;
}

/** Causes below this share of the 5xx do not get a checklist of their own. */
const MIN_SHARE = 0.05;

/** `resolve` swaps a built-in for the team's version in force (lib/incidents/checklists/versions.ts). */
export function chooseChecklists(f: IncidentFacts, resolve: (t: ChecklistTemplate) => ChecklistTemplate = (t) => t): ChosenChecklist[] {
  const chosen = new Map<string, ChosenChecklist>();
  const add = (builtIn: ChecklistTemplate, score: number, reason: string, cause: string) => {
    const template = resolve(builtIn);
    const had = chosen.get(template.slug);
    if (!had) return void chosen.set(template.slug, { template, score, reason, causes: [cause] });
    had.score = Math.max(had.score, score);
    had.reason = `${had.reason}; ${reason}`;
    if (!had.causes.includes(cause)) had.causes.push(cause);
  };
  const signal = (s: Signal, score: number, reason: string) => add(SIGNAL_CHECKLIST[s], score, reason, s);

  if (f.deployBefore) {
    signal("deploy_before", 1000, `deploy "${f.deployBefore.title}" ${formatDuration(f.firstBadAt - f.deployBefore.at)} before the first bad minute: rolling back is the fastest way back`);
  }
  if (f.purgeBefore) {
    signal("purge_before", 900, `purge "${f.purgeBefore.title}" ${formatDuration(f.firstBadAt - f.purgeBefore.at)} before the spike: a cold cache sends every request to the origin`);
  }
  for (const c of f.causes) {
    if (c.share < MIN_SHARE || !isCauseId(c.cause)) continue;
    const share = `${c.cause} is ${formatPercent(c.share)} of 5xx`;
    const weight = c.share * 100;
    switch (c.cause) {
      case "connect_refused":
        add(CAUSE_CHECKLIST[c.cause], 800 + weight, `${share}: the origin refused connections, so first check it is up`, c.cause);
        break;
      case "no_healthy_backend":
        add(CAUSE_CHECKLIST[c.cause], 700 + weight, `${share}: the proxy judged every server sick, so the health check's own settings come first`, c.cause);
        break;
      case "backend_timeout": {
        const near = f.latencyNearTimeout;
        const why = near
          ? `${share} and p95 latency reached ${Math.round(near.p95Ms)} ms of a ${Math.round(near.timeoutMs)} ms timeout: slow queries and busy workers before raising the timeout`
          : `${share}: the origin did not answer in time; slow queries and busy workers before raising the timeout`;
        // The database's own probe saw the trouble: its checklist (slow queries and locks first)
        // comes before everything else, a deploy included.
        const db = f.databaseTrouble;
        if (db) add(CAUSE_CHECKLIST[c.cause], 1100 + weight, `${db}: the database is in trouble, so its checklist comes first; ${why}`, c.cause);
        else add(CAUSE_CHECKLIST[c.cause], 100 + weight + (near ? 50 : 0), why, c.cause);
        break;
      }
      case "backend_error":
        add(CAUSE_CHECKLIST[c.cause], 100 + weight, `${share}: the origin made these errors itself; its logs hold the reason, the proxy only carried the message`, c.cause);
        break;
      default:
        add(CAUSE_CHECKLIST[c.cause], 100 + weight, share, c.cause);
    }
  }
  if (f.latencyNearTimeout && !chosen.has(SIGNAL_CHECKLIST.latency_near_timeout.slug)) {
    const n = f.latencyNearTimeout;
    signal("latency_near_timeout", 150, `p95 latency reached ${Math.round(n.p95Ms)} ms of a ${Math.round(n.timeoutMs)} ms timeout`);
  }
  if (f.probeDown) signal("probe_down", 750, "a probe of this backend went down");
  return [...chosen.values()].sort((a, b) => b.score - a.score || a.template.slug.localeCompare(b.template.slug));
}

/** A step's commands, only for the stacks the incident involves, appended to its detail. */
export function stepDetail(detail: string, commands: Partial<Record<Stack, string[]>> | undefined, stacks: Stack[]): string {
  if (!commands) return detail;
  const lines = stacks.flatMap((s) => (commands[s] ?? []).map((c) => `  ${c}`));
  return lines.length === 0 ? detail : `${detail}\n${lines.join("\n")}`;
}
