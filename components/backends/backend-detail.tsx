"use client";
// One backend, live: its health, its traffic and 5xx (charts and samples, from the server: the
// `traffic` slot), its probes (each with its register), the probe history, then its settings,
// proxy timeouts and deletion. Read again from GET /api/v1/backends/:id every 5 s and
// after every change made here.
import Link from "next/link";
import { useState, type ReactNode } from "react";
import type { BackendDetail } from "@/lib/backends/schemas";
import { AddProbeForm } from "@/components/backends/add-probe-form";
import { BackendFacts, BackendSettingsReadOnly, DeleteBackend, EditBackendForm } from "@/components/backends/backend-settings";
import { ORIGIN_LABEL } from "@/components/backends/backends-list";
import { BackendStatusBadge } from "@/components/backend-status";
import { LiveStatus } from "@/components/backends/live-status";
import { ProbeCard } from "@/components/backends/probe-card";
import { ProbeHistory } from "@/components/backends/probe-history";
import { DependenciesList } from "@/components/backends/dependencies-list";
import { BackendAdvice } from "@/components/advisor/backend-advice";
import { useLive, useNow } from "@/components/backends/use-live";
import { useRefreshClock } from "@/components/backends/use-refresh-clock";
import { RefreshClockContext } from "@/components/dashboard/refresh-clock";
import { PageHeader } from "@/components/ui/page-header";
import styles from "./backends.module.css";

export const DETAIL_REFRESH_MS = 5_000;

interface Props {
  initial: BackendDetail;
  readAt: number;
  canWrite: boolean;
  /** Charts, cause breakdown and 5xx samples, rendered (and loaded) by the server page. */
  traffic?: ReactNode;
  /** Suggested alert rules for this backend (server-rendered; nothing once rules cover it). */
  alerts?: ReactNode;
  /** The Share button, for those who may share. */
  share?: ReactNode;
}

export function BackendDetailView({ initial, readAt, canWrite, traffic, alerts, share }: Props) {
  const live = useLive<BackendDetail>(`/api/v1/backends/${encodeURIComponent(initial.id)}`, initial, readAt, DETAIL_REFRESH_MS);
  // One refresh mechanism on this page: the charts below re-read on this clock (refresh-clock.ts).
  const clock = useRefreshClock(live);
  const now = useNow(readAt);
  const backend = live.data;
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const gone = live.error?.status === 404;
  const showAddForm = canWrite && (adding || backend.probes.length === 0);

  return (
    <div className={styles.palette}>
      <nav aria-label="Breadcrumb" className={styles.breadcrumb}>
        <Link href="/backends">Backends</Link>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{backend.name}</span>
      </nav>
      <PageHeader
        title={backend.name}
        description={
          <>
            {backend.address ? <span className={styles.mono}>{backend.address}</span> : "No address"} · {ORIGIN_LABEL[backend.origin]}
            {backend.tags.length > 0 ? ` · ${backend.tags.join(", ")}` : ""}
          </>
        }
        actions={
          <>
            {share}
            <span className={styles.headerHealth} data-testid="backend-health">
              <span className="sr-only">Status: </span>
              <BackendStatusBadge status={backend.status} reason={backend.statusReason} large withReason />
            </span>
          </>
        }
      />
      {gone ? (
        <p role="alert" className="alert alert-error">
          This backend no longer exists: it was deleted. <Link href="/backends">Back to the backends</Link>
        </p>
      ) : (
        <LiveStatus readAt={live.readAt} now={now} everyMs={DETAIL_REFRESH_MS} error={live.error?.message ?? null} onRefresh={clock.refreshNow} />
      )}

      {gone ? null : <RefreshClockContext.Provider value={clock.tick}>{traffic}</RefreshClockContext.Provider>}
      {gone ? null : alerts}

      <section className={styles.section} aria-labelledby="dependencies-title">
        <h2 id="dependencies-title" className={styles.sectionTitle}>
          Dependencies
        </h2>
        <DependenciesList dependencies={backend.dependencies} />
      </section>

      <section className={styles.section} aria-labelledby="advisor-title">
        <h2 id="advisor-title" className={styles.sectionTitle}>
          Timeouts and health checks
        </h2>
        <BackendAdvice backendId={backend.id} />
      </section>

      <section className={styles.section} aria-labelledby="probes-title">
        <div className={styles.sectionHead}>
          <div>
            <h2 id="probes-title" className={styles.sectionTitle}>
              Probes
            </h2>
            <p className={styles.sectionIntro}>
              {backend.probes.length === 0
                ? "No probe checks this backend yet, so its health is unknown. Add one: Origin Watch then checks it on its own, the way Varnish does."
                : "Its probes keep their last results, like Varnish's health register. The status above also reads the backend's traffic and alert rules; a probe with no result for 3 intervals is stale and not counted healthy."}
            </p>
          </div>
          {canWrite && backend.probes.length > 0 && !adding ? (
            <button type="button" className="btn" onClick={() => setAdding(true)}>
              Add probe
            </button>
          ) : null}
        </div>
        {notice ? (
          <p role="status" className={styles.notice}>
            {notice}
          </p>
        ) : null}
        {backend.probes.length > 0 ? (
          <div className={styles.probeList}>
            {backend.probes.map((p) => (
              <ProbeCard key={p.id} probe={p} now={now} canWrite={canWrite} onChanged={live.refresh} />
            ))}
          </div>
        ) : !canWrite ? (
          <p className={`card ${styles.emptyNote}`}>An editor, admin or owner can add a probe.</p>
        ) : null}
        {showAddForm ? (
          <AddProbeForm
            backendId={backend.id}
            address={backend.address}
            onCancel={backend.probes.length > 0 ? () => setAdding(false) : undefined}
            onAdded={async (probe) => {
              setAdding(false);
              setNotice(`Probe added. Its first check runs within ${Math.ceil(probe.intervalMs / 1000)} s.`);
              await live.refresh();
            }}
          />
        ) : null}
      </section>

      {backend.probes.length > 0 ? <ProbeHistory probes={backend.probes} /> : null}

      <div className={`${styles.section} ${styles.detailGrid}`}>
        {canWrite ? (
          <EditBackendForm backend={backend} onSaved={live.refresh} />
        ) : (
          <BackendSettingsReadOnly backend={backend} />
        )}
        <div className={styles.side}>
          <BackendFacts backend={backend} />
          {canWrite ? <DeleteBackend backend={backend} /> : null}
        </div>
      </div>
    </div>
  );
}
