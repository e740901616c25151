"use client";
// Acknowledge, assign, stage, resolve, comment and the postmortem export: each a call to the API, then a
// refresh so the timeline shows the entry the change recorded.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/components/forms/api";
import type { Assignee } from "@/lib/incidents/assignees";
import { INCIDENT_STAGES, type IncidentSummary } from "@/lib/incidents/schemas";
import styles from "./incidents.module.css";

interface Props {
  incident: Pick<IncidentSummary, "id" | "status" | "stage" | "assignee">;
  canWrite: boolean;
  assignees: Assignee[];
}

export function IncidentControls({ incident, canWrite, assignees }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [comment, setComment] = useState("");
  const [copied, setCopied] = useState(false);
  const base = `/api/v1/incidents/${encodeURIComponent(incident.id)}`;

  const run = async (method: "POST" | "PATCH", path: string, body: unknown) => {
    setError(null);
    const res = await callApi(method, path, body);
    if (!res.ok) return setError(res.error.message);
    router.refresh();
  };

  const copyPostmortem = async () => {
    const res = await fetch(`${base}/postmortem`, { credentials: "same-origin" });
    if (!res.ok) return setError("Could not build the postmortem draft.");
    await navigator.clipboard.writeText(await res.text());
    setCopied(true);
  };

  return (
    <div className={styles.section}>
      {canWrite ? (
        <div className={styles.actions}>
          {incident.status === "open" ? (
            <button type="button" className="btn btn-primary btn-sm" onClick={() => void run("POST", `${base}/ack`, {})}>
              Acknowledge
            </button>
          ) : null}
          <label>
            Assignee{" "}
            <select
              aria-label="Assignee"
              value={incident.assignee?.id ?? ""}
              onChange={(e) => void run("PATCH", base, { assignee: e.target.value === "" ? null : e.target.value })}
            >
              <option value="">unassigned</option>
              {assignees.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Stage{" "}
            <select
              aria-label="Stage"
              value={incident.stage ?? ""}
              onChange={(e) => void run("PATCH", base, { stage: e.target.value === "" ? null : e.target.value })}
            >
              <option value="">—</option>
              {INCIDENT_STAGES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          {incident.status !== "resolved" ? (
            <button type="button" className="btn btn-sm" onClick={() => void run("PATCH", base, { status: "resolved" })}>
              Resolve
            </button>
          ) : null}
        </div>
      ) : null}
      <div className={styles.actions}>
        <a className="btn btn-sm" href={`${base}/postmortem`} download>
          Download postmortem (Markdown)
        </a>
        <button type="button" className="btn btn-sm" onClick={() => void copyPostmortem()}>
          {copied ? "Copied" : "Copy postmortem"}
        </button>
      </div>
      {canWrite ? (
        <form
          className={styles.actions}
          onSubmit={(e) => {
            e.preventDefault();
            void run("POST", `${base}/comments`, { body: comment }).then(() => setComment(""));
          }}
        >
          <label className="sr-only" htmlFor="incident-comment">
            Comment
          </label>
          <input id="incident-comment" value={comment} onChange={(e) => setComment(e.target.value)} placeholder="Add a comment to the timeline" required maxLength={10_000} />
          <button type="submit" className="btn btn-sm">
            Comment
          </button>
        </form>
      ) : null}
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
