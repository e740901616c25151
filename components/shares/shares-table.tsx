"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { callApi } from "@/components/forms/api";
import { LocalTime } from "@/components/ui/local-time";
import styles from "@/components/ui/settings.module.css";
import type { ShareView } from "@/lib/shares/schemas";

const KIND = { incident: "Incident", backend: "Backend", view: "View" } as const;

function hidden(s: ShareView): string {
  const parts = [s.redact.clientIps && "client IPs", s.redact.queryStrings && "query strings", s.redact.backendAddresses && "backend addresses"].filter(Boolean);
  return parts.length ? parts.join(", ") : "nothing";
}

export function SharesTable({ shares }: { shares: ShareView[] }) {
  if (shares.length === 0) {
    return (
      <div className="card">
        <p className="muted" data-testid="shares-empty">
          No share links yet. Use Share on an incident, a backend or the overview to make a read-only link.
        </p>
      </div>
    );
  }
  return (
    <div className={`card ${styles.tableCard}`}>
      <div className="table-wrap">
        <table className="data" data-testid="shares-table">
          <caption className="sr-only">Share links</caption>
          <thead>
            <tr>
              <th scope="col">Shows</th>
              <th scope="col">Made by</th>
              <th scope="col">Status</th>
              <th scope="col">Views</th>
              <th scope="col">Hides</th>
              <th scope="col" className={styles.right}>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shares.map((s) => (
              <ShareRow key={s.id} share={s} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function ShareRow({ share }: { share: ShareView }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function revoke() {
    if (!window.confirm(`Revoke the link to ${share.title}? Anyone holding it gets "not available" from now on.`)) return;
    setPending(true);
    setError(null);
    const res = await callApi("DELETE", `/api/v1/shares/${encodeURIComponent(share.id)}`);
    setPending(false);
    if (!res.ok) return setError(res.error.message);
    router.refresh();
  }

  return (
    <tr data-testid="share-row" data-status={share.status}>
      <td>
        <div>
          {KIND[share.kind]}: {share.title}
        </div>
        <div className="muted">
          {share.frozen ? "frozen" : "live"} · made <LocalTime iso={share.createdAt} />
          {share.note ? ` · ${share.note}` : ""}
        </div>
      </td>
      <td>{share.createdBy ? (share.createdBy.name ?? share.createdBy.email) : "(removed user)"}</td>
      <td>
        {share.status === "active" ? (share.expiresAt ? <>until <LocalTime iso={share.expiresAt} /></> : "no expiry") : share.status}
      </td>
      <td>
        {share.viewCount}
        {share.lastViewedAt ? (
          <div className="muted">
            last <LocalTime iso={share.lastViewedAt} />
          </div>
        ) : null}
      </td>
      <td>{hidden(share)}</td>
      <td className={styles.right}>
        {share.status === "active" ? (
          <button type="button" className="btn btn-sm" onClick={() => void revoke()} disabled={pending} aria-label={`Revoke the link to ${share.title}`}>
            Revoke
          </button>
        ) : null}
        {error ? <p className="field-error">{error}</p> : null}
      </td>
    </tr>
  );
}
