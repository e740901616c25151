"use client";
// Suggested rules, each accepted with one click: the suggestion is POSTed to /api/v1/rules as is.
// Viewers see the suggestions without the buttons.
import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import type { SuggestedRule } from "@/lib/alerts/suggestions";
import type { RuleKindId } from "@/lib/alerts/kinds/registry";
import { callApi } from "@/components/forms/api";
import { FormAlert } from "@/components/forms/form-alert";
import { KIND_LABELS } from "@/components/alerts/rule-fields";
import styles from "./alerts.module.css";

function describe(s: SuggestedRule): string {
  const c = s.config;
  const timing = `${s.for && s.for !== "0s" ? `for ${s.for}, ` : ""}${s.severity}`;
  if (s.kind === "error_rate") return `5xx above ${c.above}% of requests over ${c.window} (at least ${c.minRequests} requests), ${timing}`;
  if (s.kind === "latency") return `${c.percentile} above ${Number(c.aboveTimeoutFraction) * 100}% of the first-byte timeout over ${c.window}, ${timing}`;
  if (s.kind === "probe_health") return `a probe fails ${c.checks} checks in a row, ${timing}`;
  if (s.kind === "burn_rate") return `the ${c.slo}% SLO burns its budget too fast (SRE workbook pairs), ${timing}`;
  return KIND_LABELS[s.kind as RuleKindId] ?? s.kind;
}

export function SuggestionsPanel({ suggestions, canWrite, title = "Suggested rules" }: { suggestions: SuggestedRule[]; canWrite: boolean; title?: string }) {
  const router = useRouter();
  const titleId = useId();
  const [pending, setPending] = useState<string | null>(null);
  const [added, setAdded] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const open = suggestions.filter((s) => !added.includes(s.name));

  async function accept(list: SuggestedRule[]) {
    if (pending) return;
    setError(null);
    for (const s of list) {
      setPending(s.name);
      const res = await callApi("POST", "/api/v1/rules", s);
      if (!res.ok) {
        setPending(null);
        setError(`${s.name}: ${res.error.message}`);
        router.refresh();
        return;
      }
      setAdded((prev) => [...prev, s.name]);
    }
    setPending(null);
    router.refresh();
  }

  if (open.length === 0) return null;
  return (
    <section className={`card ${styles.section}`} aria-labelledby={titleId} data-testid="rule-suggestions">
      <div className={styles.sectionHead}>
        <div>
          <h2 id={titleId} className={styles.sectionTitle}>
            {title}
          </h2>
          <p className={styles.note}>Sensible defaults for the backends Origin Watch has seen. {canWrite ? "Add one with a click; edit it later." : "Editors can add them."}</p>
        </div>
        {canWrite && open.length > 1 ? (
          <button type="button" className="btn" onClick={() => accept(open)} aria-busy={pending !== null || undefined}>
            Add all {open.length}
          </button>
        ) : null}
      </div>
      <FormAlert message={error} />
      <ul className={styles.suggestions}>
        {open.map((s) => (
          <li key={s.name} className={styles.suggestion}>
            <span className={styles.suggestionText}>
              <strong>{s.name}</strong>
              <span className={styles.reason}>{describe(s)}</span>
            </span>
            {canWrite ? (
              <button type="button" className="btn btn-sm btn-primary" onClick={() => accept([s])} aria-busy={pending === s.name || undefined} aria-label={`Add rule ${s.name}`}>
                {pending === s.name ? <span className="spinner" aria-hidden="true" /> : null}
                Add rule
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
