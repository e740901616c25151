"use client";
// The import wizard's state and steps: the text (typed or read from a file), the dry-run preview
// of exactly that text, and applying it. Applying needs a preview of the text in the box, and no
// errors in it.
import { useRef, useState, type ChangeEvent } from "react";
import type { ImportKind } from "@/lib/backends/import";
import type { ImportAnswer } from "@/lib/backends/import-schemas";
import { callApi } from "@/components/forms/api";
import { countText } from "@/components/backends/import-preview";
import { MAX_IMPORT_FILE_BYTES, kindFromFileName } from "@/components/backends/import-kinds";

export interface Preview {
  answer: ImportAnswer;
  kind: ImportKind;
  text: string;
}

/** The state and steps, and apart from them the textarea's ref (a ref is not read while rendering). */
export function useImport() {
  const [kind, setKind] = useState<ImportKind>("vcl");
  const [text, setText] = useState("");
  const [file, setFile] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [applied, setApplied] = useState<ImportAnswer | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [applyError, setApplyError] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);

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
    if (f.size > MAX_IMPORT_FILE_BYTES) {
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

  function onText(value: string) {
    setText(value);
    setError(null);
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

  function askToApply() {
    setApplyError(null);
    setConfirming(true);
  }

  const form = {
    kind,
    setKind,
    text,
    onText,
    file,
    fileError,
    onFile,
    preview,
    applied,
    clearApplied: () => setApplied(null),
    pending,
    error,
    confirming,
    closeConfirm: () => setConfirming(false),
    applyError,
    canApply,
    whyNot,
    runPreview,
    askToApply,
    apply,
  };
  return { form, area };
}

export type ImportState = ReturnType<typeof useImport>["form"];
