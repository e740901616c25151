"use client";
import { useState, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import type { SourceView } from "@/lib/sources/schemas";
import { callApi } from "@/components/forms/api";
import { useDeleteAction } from "@/components/forms/use-delete-action";
import { TextField } from "@/components/forms/field";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EditSourceForm } from "@/components/sources/edit-source-form";
import { NewSourceToken } from "@/components/sources/new-source-token";
import styles from "./sources.module.css";

const sourcePath = (id: string) => `/api/v1/sources/${encodeURIComponent(id)}`;

interface Props {
  source: SourceView;
  canWrite: boolean;
  /** Server-rendered facts (kind, token prefix, times): shown beside the settings. */
  facts: ReactNode;
  /** Server-rendered read-only settings, for those who may not change them. */
  readOnly: ReactNode;
}

/** One source's settings, token and removal. A rotated token lives only in this state. */
export function SourceActions({ source, canWrite, facts, readOnly }: Props) {
  const [rotated, setRotated] = useState<string | null>(null);
  return (
    <>
      {rotated ? <NewSourceToken source={source} token={rotated} rotated onDone={() => setRotated(null)} /> : null}
      <div className={styles.detailGrid}>
        {canWrite ? <EditSourceForm source={source} /> : readOnly}
        <div className={styles.side}>
          <section className={`card ${styles.panel}`} aria-labelledby="source-facts-title">
            <h2 id="source-facts-title" className={styles.panelTitle}>
              Ingest
            </h2>
            {facts}
            {canWrite ? <RotateToken source={source} onRotated={setRotated} /> : null}
          </section>
          {canWrite ? <DeleteSource source={source} /> : null}
        </div>
      </div>
    </>
  );
}

function RotateToken({ source, onRotated }: { source: SourceView; onRotated: (token: string) => void }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function rotate() {
    setPending(true);
    setError(null);
    const res = await callApi<SourceView & { token: string }>("POST", `${sourcePath(source.id)}/rotate-token`);
    setPending(false);
    if (!res.ok) return setError(res.error.message);
    setOpen(false);
    onRotated(res.data.token);
    router.refresh();
  }

  return (
    <div className={styles.panelAction}>
      <button
        type="button"
        className="btn"
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
      >
        Rotate token…
      </button>
      <p className={styles.actionHint}>For a token that leaked or was lost. You get the new one once.</p>
      <ConfirmDialog
        open={open}
        title={`Rotate the token of “${source.name}”?`}
        confirmLabel="Rotate token"
        pending={pending}
        error={error}
        onConfirm={() => void rotate()}
        onClose={() => setOpen(false)}
      >
        <p className={styles.dialogText}>
          The current token stops working at once: shippers still using it get <strong>401 Unauthorized</strong> until they are given the new
          one. Lines they send meanwhile are not counted.
        </p>
      </ConfirmDialog>
    </div>
  );
}

function DeleteSource({ source }: { source: SourceView }) {
  const del = useDeleteAction(sourcePath(source.id), "/settings/sources");
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  // A fresh, empty confirmation box each time the dialog opens.
  const [round, setRound] = useState(0);

  async function remove(form: HTMLFormElement) {
    const typed = (new FormData(form).get("confirmName") ?? "").toString().trim();
    if (typed !== source.name) {
      setFieldError(`Type the source's name, ${source.name}, exactly.`);
      form.querySelector<HTMLInputElement>('input[name="confirmName"]')?.focus();
      return;
    }
    await del.remove();
  }

  return (
    <section className={`card ${styles.panel} ${styles.dangerPanel}`} aria-labelledby="delete-source-title">
      <h2 id="delete-source-title" className={styles.panelTitle}>
        Delete this source
      </h2>
      <p className={styles.actionHint}>Its token stops working and its rejected lines go. Traffic already counted stays in the charts.</p>
      <div className={styles.panelAction}>
        <button
          type="button"
          className="btn btn-danger"
          onClick={() => {
            setFieldError(undefined);
            setRound((r) => r + 1);
            del.openDialog();
          }}
        >
          Delete source…
        </button>
      </div>
      <ConfirmDialog
        open={del.open}
        title={`Delete “${source.name}”?`}
        confirmLabel="Delete source"
        pending={del.pending}
        error={del.error}
        onConfirm={(form) => void remove(form)}
        onClose={del.close}
      >
        <p className={styles.dialogText}>
          Its ingest token stops working at once and its rejected lines are deleted. Requests already counted stay in the charts. This cannot
          be undone.
        </p>
        <TextField
          key={round}
          label={`Type ${source.name} to confirm`}
          name="confirmName"
          autoComplete="off"
          spellCheck={false}
          required
          error={fieldError}
          onInput={() => setFieldError(undefined)}
        />
      </ConfirmDialog>
    </section>
  );
}
