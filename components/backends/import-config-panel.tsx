"use client";
// The wizard's first panel: which proxy, the file or pasted text, and the Preview button.
import { useId, type RefObject } from "react";
import { FormAlert } from "@/components/forms/form-alert";
import { IMPORT_KINDS } from "@/components/backends/import-kinds";
import type { ImportState } from "@/components/backends/use-import";
import styles from "./backends.module.css";

export function ImportConfigPanel({ state, area }: { state: ImportState; area: RefObject<HTMLTextAreaElement | null> }) {
  const ids = { text: useId(), file: useId(), fileHint: useId(), textHint: useId() };
  const { kind, file, fileError, pending, confirming } = state;
  const guide = IMPORT_KINDS.find((k) => k.value === kind)!;
  return (
    <section className={`card ${styles.panel} ${styles.configPanel}`} aria-labelledby="import-source-title">
      <h2 id="import-source-title" className={styles.panelTitle}>
        The config
      </h2>
      <fieldset className={styles.kindPicker}>
        <legend>Proxy</legend>
        {IMPORT_KINDS.map((k) => (
          <label key={k.value} className={styles.kindOption}>
            <input type="radio" name="kind" value={k.value} checked={kind === k.value} onChange={() => state.setKind(k.value)} />
            <span>
              <strong>{k.label}</strong>
              <span className={styles.kindHint}>{k.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={ids.file}>Upload a file</label>
        <input
          id={ids.file}
          type="file"
          accept=".vcl,.cfg,.conf,.txt,text/plain"
          onChange={state.onFile}
          aria-describedby={ids.fileHint}
          aria-invalid={fileError ? true : undefined}
          className={styles.fileInput}
        />
        <p id={ids.fileHint} className="field-hint">
          {file ? `Read ${file}: its text is in the box below.` : "Or paste it below. The file is read in your browser and sent only when you preview."}
        </p>
        {fileError ? (
          <p role="alert" className="field-error">
            {fileError}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={ids.text}>{guide.label} config</label>
        <textarea
          id={ids.text}
          ref={area}
          name="config"
          className={styles.configBox}
          rows={16}
          value={state.text}
          onChange={(e) => state.onText(e.target.value)}
          placeholder={guide.placeholder}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          autoComplete="off"
          aria-describedby={ids.textHint}
        />
        <p id={ids.textHint} className="field-hint">
          Understood: {guide.hint} Anything else is listed as a note, with its line.
        </p>
      </div>
      <FormAlert message={state.error} />
      <div className={styles.formActions}>
        <button type="button" className="btn btn-primary" onClick={() => void state.runPreview()} aria-busy={pending && !confirming ? true : undefined}>
          {pending && !confirming ? <span className="spinner" aria-hidden="true" /> : null}
          Preview
        </button>
        <span className="muted">Nothing is saved until you apply the preview.</span>
      </div>
    </section>
  );
}
