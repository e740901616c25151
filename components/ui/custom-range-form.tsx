"use client";
// The "Custom…" time range of the overview and the events page: from/to in the reader's own
// time zone, checked before it is applied.
import { useId, useState } from "react";
import styles from "./custom-range.module.css";

/** datetime-local wants local wall-clock time without a zone: 2026-11-21T10:00. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

interface Props {
  range: { fromMs: number; toMs: number };
  onApply: (fromMs: number, toMs: number) => void;
  onClose: () => void;
  /** Shown under the fields until there is an error. */
  hint: string;
  id?: string;
}

export function CustomRangeForm({ range, onApply, onClose, hint, id: formId }: Props) {
  const id = useId();
  const [from, setFrom] = useState(() => toLocalInput(range.fromMs));
  const [to, setTo] = useState(() => toLocalInput(range.toMs));
  const [error, setError] = useState<string | null>(null);

  function apply(e: React.FormEvent) {
    e.preventDefault();
    // datetime-local values carry no zone: the browser reads them as its local time.
    const fromMs = new Date(from).getTime();
    const toMs = new Date(to).getTime();
    if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) return setError("Enter both a start and an end.");
    if (toMs <= fromMs) return setError("The end must be after the start.");
    onApply(fromMs, toMs);
  }

  return (
    <form
      id={formId}
      className={styles.custom}
      onSubmit={apply}
      onKeyDown={(e) => {
        if (e.key === "Escape") onClose();
      }}
      aria-label="Custom time range"
    >
      <div className="field">
        <label htmlFor={`${id}-from`}>From</label>
        <input id={`${id}-from`} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} required autoFocus />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>To</label>
        <input id={`${id}-to`} type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} required />
      </div>
      <div className={styles.actions}>
        <button type="submit" className="btn btn-primary btn-sm">
          Apply
        </button>
        <button type="button" className="btn btn-sm" onClick={onClose}>
          Cancel
        </button>
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : (
        <p className="field-hint">{hint}</p>
      )}
    </form>
  );
}
