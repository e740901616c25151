import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { IncidentCharts } from "@/components/incidents/incident-charts";
import { IncidentChecklists } from "@/components/incidents/incident-checklists";
import { IncidentControls } from "@/components/incidents/incident-controls";
import { IncidentEvidence } from "@/components/incidents/incident-evidence";
import styles from "@/components/incidents/incidents.module.css";
import { can } from "@/lib/auth/permissions";
import { requirePageActor } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { isAppError } from "@/lib/errors/app-error";
import { formatDuration, formatPercent } from "@/lib/incidents/format";
import { getIncident } from "@/lib/incidents/read";
import { assignableUsers } from "@/lib/incidents/assignees";
import type { IncidentDetail } from "@/lib/incidents/schemas";
import { PATH_HEADER } from "@/proxy";
import { ShareButton } from "@/components/shares/share-button";

export const metadata: Metadata = { title: "Incident" };

async function load(id: string): Promise<IncidentDetail> {
  try {
    return await getIncident((await getDatabase()).sql, id);
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  }
}

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requirePageActor("dashboard.read", (await headers()).get(PATH_HEADER) || `/incidents/${id}`);
  const incident = await load(id);
  const now = new Date();
  const canWrite = can(actor, "incidents.write");
  // Only people who can assign see the picker, so only they get the names.
  const assignees = canWrite ? await assignableUsers((await getDatabase()).sql) : [];
  return (
    <>
      <PageHeader
        title={incident.title}
        description={incident.summary ?? undefined}
        actions={can(actor, "shares.create") ? <ShareButton target={{ type: "incident", id: incident.id }} /> : null}
      />
      <div className={styles.header} data-testid="incident-header">
        <span className={`badge ${incident.status === "resolved" ? "badge-ok" : "badge-danger"}`} data-testid="incident-status">
          {incident.status}
        </span>
        {incident.stage ? <span className="badge">{incident.stage}</span> : null}
        {incident.assignee ? <span data-testid="incident-assignee">assigned to {incident.assignee.name}</span> : null}
        <span>{incident.severity}</span>
        <span>
          since <RelativeTime iso={incident.firstBadAt} now={now} /> · {formatDuration(incident.durationMs)}
        </span>
        <span>{incident.backends.join(", ")}</span>
        <span>{incident.causes.slice(0, 3).map((c) => `${c.cause} ${formatPercent(c.share)}`).join(", ")}</span>
        {incident.previousId ? <Link href={`/incidents/${incident.previousId}`}>previous incident</Link> : null}
        {incident.backfilled ? <span className="muted">from late data: no one was paged</span> : null}
      </div>
      <IncidentControls incident={incident} canWrite={canWrite} assignees={assignees} />
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
                  <a className={styles.when} href={String(e.data.chart ?? "#")} title={e.at}>
                    {e.at.slice(11, 19)}
                  </a>
                  <span>
                    <span className={styles.kind}>{e.kind}</span>
                    {e.message}
                    {e.kind === "comment" && typeof e.data.by === "string" ? <span className="muted"> — {e.data.by}</span> : null}
                  </span>
                </li>
              ))}
            </ol>
          </section>
          <IncidentEvidence evidence={incident.evidence} />
        </div>
        <div>
          <h2>What to do next</h2>
          <IncidentChecklists incidentId={incident.id} checklists={incident.checklists} canWrite={canWrite} />
        </div>
      </div>
    </>
  );
}
