"use client";
// Import backends from a proxy config: pick the proxy, paste or upload the file, preview (a dry
// run: nothing saved), then apply after a confirmation. Applying needs a preview of exactly the
// text in the box, and no errors in it.
import Link from "next/link";
import { useId, useMemo, useRef, useState, type ChangeEvent } from "react";
import type { ImportKind } from "@/lib/backends/import";
import type { ImportAnswer } from "@/lib/backends/import-schemas";
import { callApi } from "@/components/forms/api";
import { FormAlert } from "@/components/forms/form-alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { importDetails, selectLine } from "@/components/backends/import-details";
import { ImportPreview, countText, summaryText } from "@/components/backends/import-preview";
import dialogStyles from "@/components/sources/sources.module.css";
import styles from "./backends.module.css";

// The server refuses more (MAX_IMPORT_BYTES); saying so before the upload is kinder.
const MAX_BYTES = 1024 * 1024;

const KINDS: Array<{ value: ImportKind; label: string; hint: string; placeholder: string }> = [
  {
    value: "vcl",
    label: "Varnish VCL",
    hint: "backend and probe blocks, directors from vcl_init.",
    placeholder: 'vcl 4.1;\n\nprobe health {\n    .url = "/health";\n}\n\nbackend app1 {\n    .host = "10.0.2.7";\n    .port = "8080";\n    .probe = health;\n}',
  },
  {
    value: "haproxy",
    label: "HAProxy",
    hint: "backend sections, their servers, check options and timeouts.",
    placeholder: "backend app\n    timeout connect 3s\n    timeout server 30s\n    option httpchk GET /health\n    server app1 10.0.2.7:8080 check inter 5s fall 3 rise 2",
  },
  {
    value: "nginx",
    label: "nginx",
    hint: "upstream blocks and the proxy_*_timeout settings that reach them.",
    placeholder: "upstream app {\n    server 10.0.2.7:8080 max_fails=3;\n}\n\nserver {\n    location / {\n        proxy_pass http://app;\n        proxy_read_timeout 30s;\n    }\n}",
  },
];

/** A guess from the file name; the choice stays the user's when the name says nothing. */
function kindFromFileName(name: string): ImportKind | null {
  const n = name.toLowerCase();
  if (n.endsWith(".vcl")) return "vcl";
  if (n.includes("haproxy")) return "haproxy";
  if (n.includes("nginx") || n.endsWith(".conf")) return "nginx";
  return null;
}

export function ImportWizard() {
  const [kind, setKind] = useState<ImportKind>("vcl");
  const [text, setText] = useState("");
  const [file, setFile] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [preview, setPreview] = useState<{ answer: ImportAnswer; kind: ImportKind; text: string } | null>(null);
  const [applied, setApplied] = useState<ImportAnswer | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [applyError, setApplyError] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const ids = { text: useId(), file: useId(), fileHint: useId(), textHint: useId() };
  const guide = KINDS.find((k) => k.value === kind)!;
  const details = useMemo(() => (preview ? importDetails(preview.kind, preview.text) : new Map()), [preview]);

  const stale = preview !== null && (preview.text !== text || preview.kind !== kind);
  const errorCount = preview ? preview.answer.notes.filter((n) => n.level === "error").length : 0;
  const canApply = preview !== null && !stale && errorCount === 0 && preview.answer.backends.length > 0;
  const whyNot = !preview
    ? null
    : stale
      ? "The config changed since the preview: preview again."
      : errorCount > 0
        ? `Fix the ${countText(errorCount, "error")} first.`
        : preview.answer.backends.length === 0
          ? "There is nothing to import."
          : null;

  function onFile(e: ChangeEvent<HTMLInputElement>) {
    const f = e.target.files?.[0];
    setFileError(null);
    if (!f) return;
    if (f.size > MAX_BYTES) {
      setFileError(`${f.name} is larger than 1 MB; real proxy configs are far smaller. Import it in parts.`);
      e.target.value = "";
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      setText(typeof reader.result === "string" ? reader.result : "");
      setFile(f.name);
      const guessed = kindFromFileName(f.name);
      if (guessed) setKind(guessed);
      setApplied(null);
    };
    reader.onerror = () => setFileError(`${f.name} could not be read.`);
    reader.readAsText(f);
  }

  async function runPreview() {
    if (pending) return;
    if (!text.trim()) {
      setError("Paste a config or upload a file first.");
      area.current?.focus();
      return;
    }
    setPending(true);
    setError(null);
    setApplied(null);
    const sent = { kind, text };
    const res = await callApi<ImportAnswer>("POST", `/api/v1/import/${kind}?dryRun=1`, { text });
    setPending(false);
    if (!res.ok) return setError(res.error.message);
    setPreview({ answer: res.data, ...sent });
    requestAnimationFrame(() => document.getElementById("import-preview-title")?.focus());
  }

  async function apply() {
    if (!preview) return;
    setPending(true);
    setApplyError(null);
    const res = await callApi<ImportAnswer>("POST", `/api/v1/import/${preview.kind}`, { text: preview.text });
    setPending(false);
    if (!res.ok) return setApplyError(res.error.message);
    setConfirming(false);
    setApplied(res.data);
    setPreview(null);
    requestAnimationFrame(() => document.getElementById("import-result-title")?.focus());
  }

  return (
    <div className={styles.importLayout}>
      {applied ? (
        <section className={`card ${styles.resultCard}`} aria-labelledby="import-result-title" data-testid="import-result">
          <h2 id="import-result-title" className={styles.panelTitle} tabIndex={-1}>
            Imported
          </h2>
          <p>{summaryText(applied, true)}</p>
          <p className={styles.formActions}>
            <Link href="/backends" className="btn btn-primary">
              Open the backends list
            </Link>
            <button type="button" className="btn" onClick={() => setApplied(null)}>
              Import another config
            </button>
          </p>
        </section>
      ) : null}

      <section className={`card ${styles.panel} ${styles.configPanel}`} aria-labelledby="import-source-title">
        <h2 id="import-source-title" className={styles.panelTitle}>
          The config
        </h2>
        <fieldset className={styles.kindPicker}>
          <legend>Proxy</legend>
          {KINDS.map((k) => (
            <label key={k.value} className={styles.kindOption}>
              <input type="radio" name="kind" value={k.value} checked={kind === k.value} onChange={() => setKind(k.value)} />
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
            onChange={onFile}
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
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setError(null);
            }}
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
        <FormAlert message={error} />
        <div className={styles.formActions}>
          <button type="button" className="btn btn-primary" onClick={() => void runPreview()} aria-busy={pending && !confirming ? true : undefined}>
            {pending && !confirming ? <span className="spinner" aria-hidden="true" /> : null}
            Preview
          </button>
          <span className="muted">Nothing is saved until you apply the preview.</span>
        </div>
      </section>

      {preview ? <ImportPreview answer={preview.answer} details={details} onGoToLine={(line, column) => area.current && selectLine(area.current, line, column)} /> : null}

      {preview ? (
        <div className={`card ${styles.applyBar}`}>
          <button
            type="button"
            className="btn btn-primary"
            disabled={!canApply}
            aria-describedby="apply-state"
            onClick={() => {
              setApplyError(null);
              setConfirming(true);
            }}
          >
            Apply…
          </button>
          <span id="apply-state" className={canApply ? "muted" : styles.whyNot}>
            {whyNot ?? summaryText(preview.answer, false)}
          </span>
        </div>
      ) : null}

      <ConfirmDialog
        open={confirming}
        tone="primary"
        title="Apply this import?"
        confirmLabel="Apply"
        pending={pending}
        error={applyError}
        onConfirm={() => void apply()}
        onClose={() => setConfirming(false)}
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
