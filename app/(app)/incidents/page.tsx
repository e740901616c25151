import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { PageHeader } from "@/components/ui/page-header";
import { IncidentList } from "@/components/incidents/incident-list";
import styles from "@/components/incidents/incidents.module.css";
import { requirePageActor } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { listIncidents } from "@/lib/incidents/read";
import { INCIDENT_STATUSES, IncidentQuery } from "@/lib/incidents/schemas";
import { PATH_HEADER } from "@/proxy";

export const metadata: Metadata = { title: "Incidents" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageActor("dashboard.read", (await headers()).get(PATH_HEADER) || "/incidents");
  const raw = await searchParams;
  const parsed = IncidentQuery.safeParse({ status: raw.status, backend: raw.backend });
  const query = parsed.success ? parsed.data : IncidentQuery.parse({});
  const now = new Date();
  const incidents = await listIncidents((await getDatabase()).sql, query, now.getTime());
  return (
    <>
      <PageHeader title="Incidents" description="One per backend outage, opened when an alert rule fires, resolved when every alert in it is back to normal. Open ones first." />
      <nav className={styles.filters} aria-label="Filter by status">
        <Link className="btn btn-sm" aria-current={!query.status ? "page" : undefined} href="/incidents">All</Link>
        {INCIDENT_STATUSES.map((s) => (
          <Link key={s} className="btn btn-sm" aria-current={query.status === s ? "page" : undefined} href={`/incidents?status=${s}`}>
            {s}
          </Link>
        ))}
      </nav>
      <IncidentList incidents={incidents} now={now} />
    </>
  );
}
