"use client";
// "Share": makes a read-only link to this incident, backend or view (POST /api/v1/shares) and
// shows it once, to copy. The link's token is never shown again.
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { SelectField, TextAreaField } from "@/components/forms/field";
import { callApi } from "@/components/forms/api";
import { CopyButton } from "@/components/tokens/copy-button";
import type { ShareTarget } from "@/lib/shares/schemas";
import styles from "./shares.module.css";

const EXPIRY_OPTIONS = [
  { value: "1h", label: "1 hour" },
  { value: "24h", label: "24 hours" },
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
  { value: "never", label: "Never (until revoked)" },
];

/** Backend and view links keep the page's URL (range, filters) as it is when the link is made. */
export function ShareButton({ target, label = "Share" }: { target: ShareTarget; label?: string }) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [url, setUrl] = useState<string | null>(null);

  async function create(form: HTMLFormElement) {
    const f = new FormData(form);
    const withPath = target.type === "incident" ? target : { ...target, path: `${window.location.pathname}${window.location.search}` };
    setPending(true);
    setError(null);
    const res = await callApi<{ id: string; url: string }>("POST", "/api/v1/shares", {
      target: withPath,
      expiresIn: f.get("expiresIn"),
      frozen: f.get("mode") === "frozen",
      note: String(f.get("note") ?? "") || undefined,
      redact: { clientIps: f.get("clientIps") === "on", queryStrings: f.get("queryStrings") === "on", backendAddresses: f.get("backendAddresses") === "on" },
    });
    setPending(false);
    if (!res.ok) return setError(res.error.message);
    setUrl(res.data.url);
    setOpen(false);
  }

  return (
    <div className={styles.row}>
      <button type="button" className="btn" onClick={() => { setUrl(null); setOpen(true); }} data-testid="share-button">
        {label}
      </button>
      {url ? (
        <span className={styles.row} role="status">
          <span className={styles.url} data-testid="share-url">
            {url}
          </span>
          <CopyButton text={url} small />
          <span className="muted">Shown once: copy it now. Revoke it under Settings → Shares.</span>
        </span>
      ) : null}
      <ConfirmDialog open={open} title="Share a read-only link" confirmLabel="Create link" pending={pending} error={error} onConfirm={create} onClose={() => setOpen(false)} tone="primary">
        <p className="muted">Anyone with the link sees this {target.type === "view" ? "view" : target.type}, read-only, and nothing else.</p>
        <SelectField label="Expires after" name="expiresIn" options={EXPIRY_OPTIONS} defaultValue="24h" />
        <fieldset className={styles.form}>
          <legend>Data</legend>
          <label>
            <input type="radio" name="mode" value="live" defaultChecked /> Live: the range follows now
          </label>
          <label>
            <input type="radio" name="mode" value="frozen" /> Frozen: this range and the data as of now
          </label>
        </fieldset>
        <fieldset className={styles.form}>
          <legend>Hide</legend>
          <label>
            <input type="checkbox" name="clientIps" defaultChecked /> Client IP addresses
          </label>
          <label>
            <input type="checkbox" name="queryStrings" defaultChecked /> Query strings of URLs
          </label>
          <label>
            <input type="checkbox" name="backendAddresses" /> Backend addresses
          </label>
        </fieldset>
        <TextAreaField label="Note" name="note" optional maxLength={500} rows={2} hint="Shown at the top of the shared page." />
      </ConfirmDialog>
    </div>
  );
}
