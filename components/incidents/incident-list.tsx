import Link from "next/link";
import type { IncidentSummary } from "@/lib/incidents/schemas";
import { formatDuration, formatPercent } from "@/lib/incidents/format";
import { RelativeTime } from "@/components/ui/relative-time";
import styles from "./incidents.module.css";

const BADGE: Record<IncidentSummary["status"], string> = { open: "badge badge-danger", acknowledged: "badge badge-accent", resolved: "badge badge-ok" };

export function IncidentList({ incidents, now }: { incidents: IncidentSummary[]; now: Date }) {
  if (incidents.length === 0) return <p className="card muted">No incidents match. Incidents open when an alert rule fires.</p>;
  return (
    <div className="table-wrap card">
      <table className={styles.table} data-testid="incident-list">
        <thead>
          <tr>
            <th>Status</th>
            <th>Incident</th>
            <th>Started</th>
            <th>Duration</th>
            <th>Causes</th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((i) => (
            <tr key={i.id}>
              <td>
                <span className={BADGE[i.status]}>{i.status}</span>
                {i.stage ? <div className="muted">{i.stage}</div> : null}
              </td>
              <td>
                <Link href={`/incidents/${i.id}`}>{i.title}</Link>
                <div className="muted">
                  {i.backends.join(", ")} · {i.severity}
                  {i.backfilled ? " · from late data" : ""}
                </div>
              </td>
              <td>
                <RelativeTime iso={i.firstBadAt} now={now} />
              </td>
              <td>{formatDuration(i.durationMs)}</td>
              <td>{i.causes.slice(0, 3).map((c) => `${c.cause} ${formatPercent(c.share)}`).join(", ") || "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
