"use client";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useDeleteAction } from "@/components/forms/use-delete-action";
import dialogStyles from "@/components/sources/sources.module.css";
import styles from "./alerts.module.css";

export function DeleteRule({ id, name }: { id: string; name: string }) {
  const del = useDeleteAction(`/api/v1/rules/${encodeURIComponent(id)}`, "/alerts/rules");
  return (
    <section className={`card ${styles.section}`} aria-labelledby="delete-rule-title">
      <h2 id="delete-rule-title" className={styles.sectionTitle}>
        Delete this rule
      </h2>
      <p className={styles.note}>Its instances and their transitions go with it.</p>
      <p>
        <button type="button" className="btn btn-danger" onClick={del.openDialog}>
          Delete rule…
        </button>
      </p>
      <ConfirmDialog open={del.open} title={`Delete “${name}”?`} confirmLabel="Delete rule" pending={del.pending} error={del.error} onConfirm={() => void del.remove()} onClose={del.close}>
        <p className={dialogStyles.dialogText}>Its history of transitions is deleted too. This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}
