"use client";
// A backend's settings: the edit form for editors (only what changed is sent, so the audit log
// names it), the same facts as text for viewers, the proxy timeouts, and deletion.
import { useState, type FormEvent } from "react";
import type { BackendDetail, BackendView } from "@/lib/backends/schemas";
import { callApi } from "@/components/forms/api";
import { useDeleteAction } from "@/components/forms/use-delete-action";
import { FormAlert } from "@/components/forms/form-alert";
import { SubmitButton } from "@/components/forms/submit-button";
import { useFormFeedback } from "@/components/forms/use-form-feedback";
import { formValues } from "@/components/forms/validate";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { BackendFields, readBackendForm, tagFields } from "@/components/backends/backend-fields";
import { formatDuration } from "@/components/backends/format";
import { ORIGIN_LABEL } from "@/components/backends/backends-list";
import { LocalTime } from "@/components/ui/local-time";
import settings from "@/components/ui/settings.module.css";
import dialogStyles from "@/components/sources/sources.module.css";
import styles from "./backends.module.css";

const backendPath = (id: string) => `/api/v1/backends/${encodeURIComponent(id)}`;
// The server keeps tags in the order given, so order counts as a change too.
const sameTags = (a: string[], b: string[]) => a.length === b.length && a.every((t, i) => t === b[i]);

export function EditBackendForm({ backend, onSaved }: { backend: BackendView; onSaved: () => Promise<void> }) {
  const fb = useFormFeedback();
  const [status, setStatus] = useState<string | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (fb.pending) return;
    const form = e.currentTarget;
    setStatus(null);
    const read = readBackendForm(formValues(form));
    if (!read.ok) return fb.fail(form, read.fields);
    const next = read.data;
    const changed: Record<string, unknown> = {};
    if (next.name !== backend.name) changed.name = next.name;
    if (next.address !== backend.address) changed.address = next.address;
    if (!sameTags(next.tags, backend.tags)) changed.tags = next.tags;
    const t = backend.timeouts;
    if (next.timeouts.connectMs !== t.connectMs || next.timeouts.firstByteMs !== t.firstByteMs || next.timeouts.betweenBytesMs !== t.betweenBytesMs) {
      changed.timeouts = next.timeouts;
    }
    if (next.slo?.target !== backend.slo?.target || next.slo?.windowDays !== backend.slo?.windowDays) changed.slo = next.slo;
    fb.clear();
    if (Object.keys(changed).length === 0) return setStatus("Nothing changed.");
    fb.setPending(true);
    const res = await callApi<BackendDetail>("PATCH", backendPath(backend.id), changed);
    if (!res.ok) {
      fb.setPending(false);
      return fb.fail(form, tagFields(res.error.fields), res.error.message);
    }
    await onSaved();
    fb.setPending(false);
    setStatus("Saved.");
  }

  return (
    <section className={`card ${styles.panel}`} aria-labelledby="edit-backend-title">
      <h2 id="edit-backend-title" className={styles.panelTitle}>
        Settings
      </h2>
      <form className={settings.form} onSubmit={onSubmit} onInput={fb.onInput} noValidate>
        <FormAlert message={fb.message} />
        <BackendFields backend={backend} fields={fb.fields} />
        <div className={styles.formActions}>
          <SubmitButton pending={fb.pending}>Save changes</SubmitButton>
          {status ? (
            <span role="status" className={styles.saved}>
              {status}
            </span>
          ) : null}
        </div>
      </form>
    </section>
  );
}

export const describeSlo = (slo: { target: number; windowDays: number }) => `${slo.target} % of requests without a 5xx over ${slo.windowDays} days`;

/** The settings as text, for viewers. */
export function BackendSettingsReadOnly({ backend }: { backend: BackendView }) {
  return (
    <section className={`card ${styles.panel}`} aria-labelledby="backend-settings-title">
      <h2 id="backend-settings-title" className={styles.panelTitle}>
        Settings
      </h2>
      <dl className={styles.facts}>
        <dt>Name</dt>
        <dd className={styles.mono}>{backend.name}</dd>
        <dt>Address</dt>
        <dd>{backend.address ? <span className={styles.mono}>{backend.address}</span> : <span className="muted">Not set</span>}</dd>
        <dt>Tags</dt>
        <dd>{backend.tags.length > 0 ? backend.tags.join(", ") : <span className="muted">None</span>}</dd>
        <dt>SLO</dt>
        <dd>{backend.slo ? describeSlo(backend.slo) : <span className="muted">None</span>}</dd>
      </dl>
      <p className={styles.readOnlyNote}>Only editors, admins and owners can change a backend.</p>
    </section>
  );
}

/** The proxy's timeouts for this backend and where the backend came from. */
export function BackendFacts({ backend }: { backend: BackendView }) {
  const t = backend.timeouts;
  const show = (ms: number | null) => (ms === null ? <span className="muted">Unknown</span> : formatDuration(ms));
  return (
    <section className={`card ${styles.panel}`} aria-labelledby="backend-timeouts-title">
      <h2 id="backend-timeouts-title" className={styles.panelTitle}>
        Proxy timeouts
      </h2>
      <dl className={styles.facts} data-testid="backend-timeouts">
        <dt>Connect</dt>
        <dd>{show(t.connectMs)}</dd>
        <dt>First byte</dt>
        <dd>{show(t.firstByteMs)}</dd>
        <dt>Between bytes</dt>
        <dd>{show(t.betweenBytesMs)}</dd>
        <dt>Origin</dt>
        <dd>{ORIGIN_LABEL[backend.origin]}</dd>
        <dt>Added</dt>
        <dd>
          <LocalTime iso={backend.createdAt} />
        </dd>
      </dl>
    </section>
  );
}

export function DeleteBackend({ backend }: { backend: BackendView }) {
  const del = useDeleteAction(backendPath(backend.id), "/backends");

  return (
    <section className={`card ${styles.panel} ${styles.dangerPanel}`} aria-labelledby="delete-backend-title">
      <h2 id="delete-backend-title" className={styles.panelTitle}>
        Delete this backend
      </h2>
      <p className={styles.actionHint}>
        Its probes and their history go with it. Traffic already counted stays in the charts; if logs keep naming it, it comes back as seen in logs.
      </p>
      <div className={styles.panelAction}>
        <button
          type="button"
          className="btn btn-danger"
          onClick={del.openDialog}
        >
          Delete backend…
        </button>
      </div>
      <ConfirmDialog
        open={del.open}
        title={`Delete “${backend.name}”?`}
        confirmLabel="Delete backend"
        pending={del.pending}
        error={del.error}
        onConfirm={() => void del.remove()}
        onClose={del.close}
      >
        <p className={dialogStyles.dialogText}>
          {backend.probeCount > 0
            ? `Its ${backend.probeCount === 1 ? "probe stops" : `${backend.probeCount} probes stop`} and their results are deleted. `
            : ""}
          Requests already counted stay in the charts. This cannot be undone.
        </p>
      </ConfirmDialog>
    </section>
  );
}
