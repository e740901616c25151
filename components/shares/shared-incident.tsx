// An incident as a share link shows it: the same facts, charts, timeline, checklist progress and
// evidence as the incident page, read-only and with no link to anything else.
import { IncidentCharts } from "@/components/incidents/incident-charts";
import { IncidentEvidence } from "@/components/incidents/incident-evidence";
import styles from "@/components/incidents/incidents.module.css";
import { formatDuration, formatPercent } from "@/lib/incidents/format";
import type { IncidentDetail } from "@/lib/incidents/schemas";

export function SharedIncident({ incident }: { incident: IncidentDetail }) {
  return (
    <>
      <div className={styles.header} data-testid="incident-header">
        <span className={`badge ${incident.status === "resolved" ? "badge-ok" : "badge-danger"}`} data-testid="incident-status">
          {incident.status}
        </span>
        {incident.stage ? <span className="badge">{incident.stage}</span> : null}
        <span>{incident.severity}</span>
        <span title={incident.firstBadAt}>
          since {incident.firstBadAt.slice(0, 16).replace("T", " ")} UTC · {formatDuration(incident.durationMs)}
        </span>
        <span>{incident.backends.join(", ")}</span>
        <span>{incident.causes.slice(0, 3).map((c) => `${c.cause} ${formatPercent(c.share)}`).join(", ")}</span>
      </div>
      {incident.summary ? <p>{incident.summary}</p> : null}
      <div className={styles.grid}>
        <div>
          <section className={`card ${styles.section}`} aria-label="Charts">
            <IncidentCharts incident={incident} />
          </section>
          <section className={`card ${styles.section}`} aria-labelledby="timeline-h">
            <h2 id="timeline-h">Timeline</h2>
            <ol className={styles.timeline} data-testid="timeline">
              {incident.timeline.map((e, i) => (
                <li key={i}>
                  <span className={styles.when} title={e.at}>
                    {e.at.slice(11, 19)}
                  </span>
                  <span>
                    <span className={styles.kind}>{e.kind}</span>
                    {e.message}
                    {typeof e.data.by === "string" ? <span className="muted"> — {e.data.by}</span> : null}
                  </span>
                </li>
              ))}
            </ol>
          </section>
          <IncidentEvidence evidence={incident.evidence} />
        </div>
        <div>
          <h2>Checklist progress</h2>
          <div data-testid="checklists">
            {incident.checklists.length === 0 ? <p className="muted">No checklist applies.</p> : null}
            {incident.checklists.map((c) => (
              <section key={c.slug} className={`card ${styles.checklist}`} aria-label={c.title}>
                <h3>{c.title}</h3>
                <p className={styles.reason}>{c.reason}</p>
                {c.steps.map((s) => (
                  <div key={s.id} className={styles.step} data-testid="shared-step" data-done={s.done}>
                    <span aria-label={s.done ? "done" : "not done"}>{s.done ? "✓" : "○"}</span>
                    <div>
                      <div>{s.title}</div>
                      {s.done ? <div className={styles.done}>done{s.doneBy ? ` by ${s.doneBy}` : ""}{s.doneAt ? ` at ${s.doneAt.slice(11, 16)} UTC` : ""}</div> : null}
                    </div>
                  </div>
                ))}
              </section>
            ))}
          </div>
        </div>
      </div>
    </>
  );
}
