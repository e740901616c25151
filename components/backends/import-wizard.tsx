"use client";
// Import backends from a proxy config: pick the proxy, paste or upload the file, preview (a dry
// run: nothing saved), then apply after a confirmation. The state and steps are use-import.ts;
// the config panel import-config-panel.tsx; the preview import-preview.tsx.
import Link from "next/link";
import { useMemo } from "react";
import type { ImportAnswer } from "@/lib/backends/import-schemas";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { importDetails, selectLine } from "@/components/backends/import-details";
import { ImportConfigPanel } from "@/components/backends/import-config-panel";
import { ImportPreview, summaryText } from "@/components/backends/import-preview";
import { useImport, type ImportState } from "@/components/backends/use-import";
import dialogStyles from "@/components/sources/sources.module.css";
import styles from "./backends.module.css";

function ImportResult({ applied, onAnother }: { applied: ImportAnswer; onAnother: () => void }) {
  return (
    <section className={`card ${styles.resultCard}`} aria-labelledby="import-result-title" data-testid="import-result">
      <h2 id="import-result-title" className={styles.panelTitle} tabIndex={-1}>
        Imported
      </h2>
      <p>{summaryText(applied, true)}</p>
      <p className={styles.formActions}>
        <Link href="/backends" className="btn btn-primary">
          Open the backends list
        </Link>
        <button type="button" className="btn" onClick={onAnother}>
          Import another config
        </button>
      </p>
    </section>
  );
}

function ApplyBar({ state, answer }: { state: ImportState; answer: ImportAnswer }) {
  return (
    <div className={`card ${styles.applyBar}`}>
      <button type="button" className="btn btn-primary" disabled={!state.canApply} aria-describedby="apply-state" onClick={state.askToApply}>
        Apply…
      </button>
      <span id="apply-state" className={state.canApply ? "muted" : styles.whyNot}>
        {state.whyNot ?? summaryText(answer, false)}
      </span>
    </div>
  );
}

export function ImportWizard() {
  const { form: state, area } = useImport();
  const { preview, applied } = state;
  const details = useMemo(() => (preview ? importDetails(preview.kind, preview.text) : new Map()), [preview]);

  return (
    <div className={styles.importLayout}>
      {applied ? <ImportResult applied={applied} onAnother={state.clearApplied} /> : null}
      <ImportConfigPanel state={state} area={area} />
      {preview ? <ImportPreview answer={preview.answer} details={details} onGoToLine={(line, column) => area.current && selectLine(area.current, line, column)} /> : null}
      {preview ? <ApplyBar state={state} answer={preview.answer} /> : null}
      <ConfirmDialog
        open={state.confirming}
        tone="primary"
        title="Apply this import?"
        confirmLabel="Apply"
        pending={state.pending}
        error={state.applyError}
        onConfirm={() => void state.apply()}
        onClose={state.closeConfirm}
      >
        <p className={dialogStyles.dialogText}>{preview ? summaryText(preview.answer, false) : null}</p>
        <p className={dialogStyles.dialogText}>
          Everything is saved together. Backends that already exist take the config&rsquo;s address, timeouts and import tags; your own tags and
          probes you added by hand stay as they are. Imported probes start checking right away.
        </p>
      </ConfirmDialog>
    </div>
  );
}
