"use client";
import { useState } from "react";
import type { ProbeView } from "@/lib/backends/probe-schemas";
import { callApi } from "@/components/forms/api";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { formatDuration } from "@/components/backends/format";
import { HealthBadge } from "@/components/backends/health-badge";
import { HealthRegister } from "@/components/backends/health-register";
import { LastResult } from "@/components/backends/last-result";
import { ServiceReadings } from "@/components/backends/service-readings";
import { PROBE_KIND_GUIDES, expectedStatusText, probeLabel, probeTarget } from "@/components/backends/probe-kinds";
import dialogStyles from "@/components/sources/sources.module.css";
import styles from "./backends.module.css";

const probePath = (id: string) => `/api/v1/probes/${encodeURIComponent(id)}`;

interface Props {
  probe: ProbeView;
  now: number;
  canWrite: boolean;
  /** Called after a change, so the page reads the backend again. */
  onChanged: () => Promise<void>;
}

/** One probe: what it checks, its register and last result; enable, disable or delete it. */
export function ProbeCard({ probe, now, canWrite, onChanged }: Props) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const label = probeLabel(probe);
  const target = probeTarget(probe);
  const titleId = `probe-${probe.id}-title`;

  async function toggle() {
    if (pending) return;
    setPending(true);
    setError(null);
    const res = await callApi<ProbeView>("PATCH", probePath(probe.id), { enabled: !probe.enabled });
    if (res.ok) await onChanged();
    else setError(res.error.message);
    setPending(false);
  }

  async function remove() {
    setPending(true);
    setDeleteError(null);
    const res = await callApi("DELETE", probePath(probe.id));
    if (!res.ok) {
      setPending(false);
      return setDeleteError(res.error.message);
    }
    setConfirming(false);
    await onChanged();
  }

  return (
    <article className={`card ${styles.probeCard}`} aria-labelledby={titleId} data-testid="probe-card" data-probe-id={probe.id}>
      <header className={styles.probeHead}>
        <h3 id={titleId} className={styles.probeTitle}>
          <span className={styles.probeKind}>{label}</span> <span className={styles.probeTarget}>{target}</span>
        </h3>
        <div className={styles.probeBadges}>
          {probe.origin === "imported" ? <span className="badge">Imported</span> : null}
          {probe.stale ? (
            <span className="badge badge-warn" data-testid="probe-stale" title="No result for 3 of its intervals: its health says nothing about now, and the backend is not counted healthy.">
              Stale
            </span>
          ) : null}
          <HealthBadge health={probe.health} paused={!probe.enabled} />
        </div>
      </header>
      {PROBE_KIND_GUIDES[probe.kind].capacity ? <p className={styles.probeHint}>{PROBE_KIND_GUIDES[probe.kind].hint}</p> : null}
      <HealthRegister probe={probe} />
      <dl className={styles.probeFacts}>
        <div>
          <dt>Every</dt>
          <dd>{formatDuration(probe.intervalMs)}</dd>
        </div>
        <div>
          <dt>Timeout</dt>
          <dd>{formatDuration(probe.timeoutMs)}</dd>
        </div>
        {probe.kind === "http" ? (
          <div>
            <dt>Expects</dt>
            <dd>{expectedStatusText(probe.config)}</dd>
          </div>
        ) : null}
        <div>
          <dt title="Good results assumed at start, before the first check">Initial</dt>
          <dd>
            {probe.initial} of {probe.window}
          </dd>
        </div>
        <div className={styles.probeLast}>
          <dt>Last check</dt>
          <dd>
            <LastResult result={probe.lastResult} now={now} empty={probe.enabled ? "Not run yet" : "Paused"} />
          </dd>
        </div>
      </dl>
      {probe.lastResult && !probe.lastResult.ok && probe.lastResult.message ? <p className={styles.probeMessage}>{probe.lastResult.message}</p> : null}
      {probe.lastResult?.summary ? <p className={styles.probeSummary}>{probe.lastResult.summary}</p> : null}
      <ServiceReadings probe={probe} />
      {canWrite ? (
        <div className={styles.probeActions}>
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => void toggle()}
            aria-busy={pending || undefined}
            aria-label={`${probe.enabled ? "Disable" : "Enable"} ${label} probe ${target}`}
          >
            {probe.enabled ? "Disable" : "Enable"}
          </button>
          <button
            type="button"
            className="btn btn-sm btn-danger"
            aria-label={`Delete ${label} probe ${target}…`}
            onClick={() => {
              setDeleteError(null);
              setConfirming(true);
            }}
          >
            Delete…
          </button>
          {error ? (
            <span role="alert" className="field-error">
              {error}
            </span>
          ) : null}
        </div>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title={`Delete the ${label} probe?`}
        confirmLabel="Delete probe"
        pending={pending}
        error={deleteError}
        onConfirm={() => void remove()}
        onClose={() => setConfirming(false)}
      >
        <p className={dialogStyles.dialogText}>
          <span className={styles.mono}>{target}</span> stops being checked, and its results and history are deleted. The backend stays.
        </p>
      </ConfirmDialog>
    </article>
  );
}
