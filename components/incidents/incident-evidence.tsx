import styles from "@/components/incidents/incidents.module.css";
import type { IncidentDetail } from "@/lib/incidents/schemas";

/** The raw 5xx lines and probe results an incident kept when it opened: its page and its share link. */
export function IncidentEvidence({ evidence }: { evidence: IncidentDetail["evidence"] }) {
  return (
    <section className={`card ${styles.section}`} aria-labelledby="evidence-h">
      <h2 id="evidence-h">Evidence kept when it opened</h2>
      {evidence.samples.length === 0 && evidence.probes.length === 0 ? <p className="muted">None.</p> : null}
      {evidence.samples.map((s, i) => (
        <p key={`s${i}`} className={styles.evidence}>
          <span className={styles.kind}>{s.cause}</span>
          {s.line}
        </p>
      ))}
      {evidence.probes.map((p, i) => (
        <p key={`p${i}`} className={styles.evidence}>
          {p.at} {p.kind} {p.ok ? "ok" : `failed${p.errorClass ? ` (${p.errorClass})` : ""}`} {Math.round(p.durationMs)} ms {p.message ?? ""}
        </p>
      ))}
    </section>
  );
}
