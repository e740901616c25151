"use client";
import { useEffect, useId, useRef, type FormEvent, type ReactNode } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import styles from "./dialog.module.css";

interface Props {
  open: boolean;
  title: string;
  confirmLabel: string;
  pending: boolean;
  error: string | null;
  onConfirm: (form: HTMLFormElement) => void;
  onClose: () => void;
  children: ReactNode;
  /** "danger" (default) for removals; "primary" for a weighty change that destroys nothing. */
  tone?: "danger" | "primary";
  /** For dialogs that hold a form's fields: typing clears a field's message (useFormFeedback). */
  onInput?: (e: FormEvent<HTMLFormElement>) => void;
}

/**
 * A modal question on the native <dialog>: the browser traps focus, closes it on Escape and puts
 * focus back where it was. Confirming is a submit, so Enter in a field confirms; a destructive
 * action's button says so in red.
 */
export function ConfirmDialog({ open, title, confirmLabel, pending, error, onConfirm, onClose, children, tone = "danger", onInput }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!pending) onConfirm(e.currentTarget);
  }

  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(e) => {
        // Escape while the request runs would hide a result the user is waiting for.
        if (pending) e.preventDefault();
      }}
    >
      <form onSubmit={onSubmit} onInput={onInput} noValidate className={styles.dialogForm}>
        <h2 id={titleId} className={styles.dialogTitle}>
          {title}
        </h2>
        {children}
        <FormAlert message={error} />
        <div className={styles.dialogActions}>
          <button type="button" className="btn" onClick={onClose} disabled={pending}>
            Cancel
          </button>
          <button
            type="submit"
            className={tone === "danger" ? `btn ${styles.dangerButton}` : "btn btn-primary"}
            aria-disabled={pending || undefined}
            aria-busy={pending || undefined}
          >
            {pending ? <span className="spinner" aria-hidden="true" /> : null}
            {confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
