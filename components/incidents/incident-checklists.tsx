"use client";
// The checklist panel: most relevant first, each with why it is there. People tick steps (their
// name and time go on the timeline); steps the data can confirm tick themselves, marked so.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/components/forms/api";
import type { ChecklistView } from "@/lib/incidents/schemas";
import styles from "./incidents.module.css";

export function IncidentChecklists({ incidentId, checklists, canWrite }: { incidentId: string; checklists: ChecklistView[]; canWrite: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  // The box shows the click at once and keeps it once the server has taken it; a refused one goes back.
  const [pending, setPending] = useState<Record<string, boolean>>({});
  const tick = async (slug: string, stepId: string, done: boolean) => {
    setError(null);
    const key = `${slug}/${stepId}`;
    setPending((p) => ({ ...p, [key]: done }));
    const path = `/api/v1/incidents/${encodeURIComponent(incidentId)}/checklists/${encodeURIComponent(slug)}/steps/${encodeURIComponent(stepId)}`;
    const res = await callApi("PUT", path, { done });
    if (res.ok) return router.refresh();
    setError(res.error.message);
    setPending(({ [key]: _, ...rest }) => rest);
  };
  if (checklists.length === 0) return <p className="muted">No checklist applies: the evidence names no cause yet.</p>;
  return (
    <div data-testid="checklists">
      {checklists.map((c) => (
        <section key={c.slug} className={`card ${styles.checklist}`} aria-labelledby={`cl-${c.slug}`}>
          <h3 id={`cl-${c.slug}`}>{c.title}</h3>
          <p className={styles.reason}>{c.reason}</p>
          {c.steps.map((s) => (
            <div key={s.id} className={styles.step}>
              <input
                type="checkbox"
                id={`step-${c.slug}-${s.id}`}
                checked={pending[`${c.slug}/${s.id}`] ?? s.done}
                disabled={!canWrite}
                onChange={(e) => void tick(c.slug, s.id, e.target.checked)}
              />
              <div>
                <label htmlFor={`step-${c.slug}-${s.id}`}>{s.title}</label>
                {s.done ? <div className={styles.done}>{s.auto ? "verified by data" : `done by ${s.doneBy ?? "?"}`}</div> : s.verifiable ? <div className="muted">ticks itself when the data confirms it</div> : null}
                <p className={styles.detail}>{s.detail}</p>
              </div>
            </div>
          ))}
        </section>
      ))}
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
