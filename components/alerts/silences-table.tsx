"use client";
// Silences with their state (pending, active, expired: decided by the server at read time),
// their window, matchers and comment; editors can delete one.
import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import type { SilenceView } from "@/lib/alerts/silence-schemas";
import { callApi } from "@/components/forms/api";
import { WEEKDAYS } from "@/components/alerts/silence-form";
import settings from "@/components/ui/settings.module.css";
import styles from "./alerts.module.css";

const STATE_BADGE = { active: "badge badge-ok", pending: "badge badge-accent", expired: "badge" } as const;
const utc = (iso: string | null) => (iso ? iso.replace("T", " ").replace(/:\d\d\.\d+Z$/, " UTC") : "…");

function windowText(s: SilenceView): string {
  if (s.kind === "once") return `${utc(s.startsAt)} – ${utc(s.endsAt)}`;
  const days = s.weekdays.map((d) => WEEKDAYS[d - 1]).join(", ");
  return `${days} ${s.from}–${s.to} (${s.timeZone})`;
}

function matchersText(m: SilenceView["matchers"]): string {
  const parts = (["rules", "backends", "sources", "severities"] as const).flatMap((k) => (m[k]?.length ? [`${k}: ${m[k]!.join(", ")}`] : []));
  return parts.length ? parts.join("; ") : "everything";
}

function SilenceRow({ s, canWrite }: { s: SilenceView; canWrite: boolean }) {
  const router = useRouter();
  const errorId = useId();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function remove() {
    if (pending || !window.confirm(`Delete the silence “${s.comment}”? Notifications it holds back start again.`)) return;
    setPending(true);
    const res = await callApi("DELETE", `/api/v1/silences/${encodeURIComponent(s.id)}`);
    setPending(false);
    if (!res.ok) return setError(res.error.message);
    router.refresh();
  }
  return (
    <tr data-testid="silence-row" data-state={s.state} className={s.state === "expired" ? settings.dimmed : undefined}>
      <td className={settings.strong}>{s.comment}</td>
      <td>
        <span className={STATE_BADGE[s.state]}>{s.state}</span>
      </td>
      <td className={settings.nowrap}>{windowText(s)}</td>
      <td className={styles.matchers}>{matchersText(s.matchers)}</td>
      <td>{s.author}</td>
      <td>
        {canWrite ? (
          <div className={settings.rowActions}>
            <button type="button" className="btn btn-sm btn-danger" onClick={remove} aria-busy={pending || undefined} aria-label={`Delete silence ${s.comment}`} aria-describedby={error ? errorId : undefined}>
              Delete
            </button>
          </div>
        ) : null}
        {error ? (
          <p id={errorId} className={`field-error ${settings.rowError}`} role="alert">
            {error}
          </p>
        ) : null}
      </td>
    </tr>
  );
}

export function SilencesTable({ silences, canWrite }: { silences: SilenceView[]; canWrite: boolean }) {
  return (
    <div className={`card ${settings.tableCard}`}>
      {silences.length === 0 ? (
        <p className={settings.empty}>No silences. Open one before a deploy or for a weekly maintenance window.</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="sr-only">Silences</caption>
            <thead>
              <tr>
                <th scope="col">Comment</th>
                <th scope="col">State</th>
                <th scope="col">Window</th>
                <th scope="col">Matches</th>
                <th scope="col">Author</th>
                <th scope="col" className={settings.right}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {silences.map((s) => (
                <SilenceRow key={s.id} s={s} canWrite={canWrite} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
