"use client";
import type { ProxyKind } from "@/lib/ingest/types";
import { TextAreaField } from "@/components/forms/field";
import { KIND_GUIDES } from "@/components/sources/source-kinds";
import styles from "./sources.module.css";

interface Props {
  kind: ProxyKind;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  /** Extra words for the hint (the edit form says when a change takes effect). */
  note?: string;
}

/** The proxy's own format string, with that proxy's evidence-carrying format one click away. */
export function FormatField({ kind, value, onChange, error, note }: Props) {
  const guide = KIND_GUIDES[kind];
  const offerSuggestion = value.trim() !== guide.recommended && !(guide.defaultIsEnough && !value.trim());
  return (
    <div className={styles.formatField}>
      <TextAreaField
        label="Format"
        name="format"
        optional
        rows={3}
        className={styles.formatBox}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={guide.recommended}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        autoComplete="off"
        hint={
          <>
            {guide.emptyMeans}
            {note ? ` ${note}` : null}
          </>
        }
        error={error}
      />
      {offerSuggestion ? (
        <button type="button" className={`btn btn-sm ${styles.useRecommended}`} onClick={() => onChange(guide.recommended)}>
          Use the recommended {kind === "json" ? "mapping" : "format"}
        </button>
      ) : null}
    </div>
  );
}
